package dev.wxauth.server.oauth2;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.core.OAuth2Error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link OAuth2ErrorResponses}: the HTTP status of each OAuth error code, and the same status, headers and JSON body
 * whether written to a servlet response or returned as problem JSON.
 */
class OAuth2ErrorResponsesTests {

	static JsonNode json(MockHttpServletResponse response) throws Exception {
		return JsonMapper.builder().build().readTree(response.getContentAsString());
	}

	@Test
	void statusWhenNoErrorThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> OAuth2ErrorResponses.status(null));
	}

	@ParameterizedTest
	@CsvSource({ "invalid_client, 401", "invalid_token, 401", "insufficient_scope, 403",
			"temporarily_unavailable, 503", "server_error, 500", "invalid_request, 400", "invalid_grant, 400",
			"invalid_scope, 400", "unauthorized_client, 400", "unsupported_grant_type, 400", "access_denied, 400",
			"invalid_dpop_proof, 400", "no_such_error, 400" })
	void statusThenTheErrorCodesStatus(String errorCode, int status) {
		assertThat(OAuth2ErrorResponses.status(new OAuth2Error(errorCode)).value()).isEqualTo(status);
	}

	@Test
	void writeWhenTemporarilyUnavailableThen503WithRetryAfterAndJsonBody() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		OAuth2ErrorResponses.write(new OAuth2Error("temporarily_unavailable", "WeChat is temporarily unavailable", null),
				response);

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
		assertThat(MediaType.parseMediaType(response.getContentType()).isCompatibleWith(MediaType.APPLICATION_JSON))
			.isTrue();
		JsonNode body = json(response);
		assertThat(body.get("error").asString()).isEqualTo("temporarily_unavailable");
		assertThat(body.get("error_description").asString()).isEqualTo("WeChat is temporarily unavailable");
	}

	@Test
	void writeWhenClientsFaultThen400WithoutRetryAfter() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		OAuth2ErrorResponses.write(new OAuth2Error("invalid_grant", "The code is invalid", null), response);

		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getHeader(HttpHeaders.RETRY_AFTER)).isNull();
		JsonNode body = json(response);
		assertThat(body.get("error").asString()).isEqualTo("invalid_grant");
		assertThat(body.get("error_description").asString()).isEqualTo("The code is invalid");
	}

	@Test
	void writeWhenServerErrorThen500WithoutRetryAfter() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		OAuth2ErrorResponses.write(new OAuth2Error("server_error"), response);

		assertThat(response.getStatus()).isEqualTo(500);
		assertThat(response.getHeader(HttpHeaders.RETRY_AFTER)).isNull();
		assertThat(json(response).get("error").asString()).isEqualTo("server_error");
	}

	@Test
	void problemWhenTemporarilyUnavailableThen503WithRetryAfter() {
		ResponseEntity<ProblemDetail> problem = OAuth2ErrorResponses
			.problem(new OAuth2Error("temporarily_unavailable", "WeChat is temporarily unavailable", null));

		assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(problem.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
		assertThat(problem.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(problem.getBody().getStatus()).isEqualTo(503);
		assertThat(problem.getBody().getDetail()).isEqualTo("WeChat is temporarily unavailable");
		assertThat(problem.getBody().getProperties()).containsExactly(Map.entry("error", "temporarily_unavailable"),
				Map.entry("error_description", "WeChat is temporarily unavailable"));
	}

	@Test
	void problemWhenNoDescriptionThenOnlyTheError() {
		ResponseEntity<ProblemDetail> problem = OAuth2ErrorResponses.problem(new OAuth2Error("invalid_token"));

		assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(problem.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
		assertThat(problem.getBody().getDetail()).isNull();
		assertThat(problem.getBody().getProperties()).containsExactly(Map.entry("error", "invalid_token"));
	}

	@Test
	void problemWhenUriThenErrorUriAfterTheDescription() {
		ResponseEntity<ProblemDetail> problem = OAuth2ErrorResponses.problem(new OAuth2Error("insufficient_scope",
				"The phone scope is required", "https://www.rfc-editor.org/rfc/rfc6750#section-3.1"));

		assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(problem.getBody().getProperties()).containsExactly(Map.entry("error", "insufficient_scope"),
				Map.entry("error_description", "The phone scope is required"),
				Map.entry("error_uri", "https://www.rfc-editor.org/rfc/rfc6750#section-3.1"));
	}

	@Test
	void problemAndWriteThenTheSameStatusHeaderAndErrorMembers() throws Exception {
		OAuth2Error error = new OAuth2Error("temporarily_unavailable", "Try again", "https://example.com/errors");
		MockHttpServletResponse response = new MockHttpServletResponse();

		OAuth2ErrorResponses.write(error, response);
		ResponseEntity<ProblemDetail> problem = OAuth2ErrorResponses.problem(error);

		assertThat(problem.getStatusCode().value()).isEqualTo(response.getStatus());
		assertThat(problem.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
			.isEqualTo(response.getHeader(HttpHeaders.RETRY_AFTER));
		JsonNode written = json(response);
		problem.getBody()
			.getProperties()
			.forEach((name, value) -> assertThat(written.get(name).asString()).isEqualTo(value));
		assertThat(written.propertyNames()).containsExactlyInAnyOrderElementsOf(problem.getBody().getProperties().keySet());
	}

}
