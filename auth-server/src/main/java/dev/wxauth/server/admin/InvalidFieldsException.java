package dev.wxauth.server.admin;

import java.util.List;

import org.springframework.util.Assert;

/**
 * A request the admin API refuses because of what some of its fields say: answered 400, each field named
 * ({@link AdminExceptionHandler}).
 */
public final class InvalidFieldsException extends RuntimeException {

	private final List<FieldProblem> problems;

	public InvalidFieldsException(List<FieldProblem> problems) {
		super(problems.isEmpty() ? "invalid request" : problems.getFirst().toString());
		Assert.notEmpty(problems, "problems cannot be empty");
		this.problems = List.copyOf(problems);
	}

	public static InvalidFieldsException of(String field, String detail) {
		return new InvalidFieldsException(List.of(new FieldProblem(field, detail)));
	}

	public List<FieldProblem> problems() {
		return this.problems;
	}

	/**
	 * @param field where, as the request spelled it: {@code redirect_uris[0]}, a query parameter's name
	 * @param detail what is wrong with it, for a person to read
	 */
	public record FieldProblem(String field, String detail) {

		@Override
		public String toString() {
			return this.field + ": " + this.detail;
		}

	}

}
