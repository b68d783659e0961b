package dev.wxauth.server.admin;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every refusal of the admin API as RFC 9457 problem JSON: ours (a field, a missing resource, a conflict) with the
 * offending fields named in {@code errors}, and Spring MVC's own (an unreadable body, a wrong content type, a missing
 * parameter) as its {@link ResponseEntityExceptionHandler} words them.
 */
@RestControllerAdvice(basePackages = "dev.wxauth.server.admin")
final class AdminExceptionHandler extends ResponseEntityExceptionHandler {

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidFields(InvalidFieldsException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid request");
		problem.setProperty("errors", fields(ex.problems()));
		return answer(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notFound(ResourceNotFoundException ex) {
		return answer(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> conflict(ResourceConflictException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setProperty("errors", fields(List.of(new InvalidFieldsException.FieldProblem(ex.field(), ex.getMessage()))));
		return answer(problem);
	}

	/** Not JSON, or JSON of the wrong shape: the body is the field. */
	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The body must be a JSON object");
		problem.setTitle("Invalid request");
		problem.setProperty("errors", fields(List.of(new InvalidFieldsException.FieldProblem("body",
				"must be a JSON object"))));
		return new ResponseEntity<>(problem, problemHeaders(), HttpStatus.BAD_REQUEST);
	}

	private static List<Map<String, String>> fields(List<InvalidFieldsException.FieldProblem> problems) {
		return problems.stream().map((problem) -> Map.of("field", problem.field(), "detail", problem.detail())).toList();
	}

	private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static HttpHeaders problemHeaders() {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return headers;
	}

}
