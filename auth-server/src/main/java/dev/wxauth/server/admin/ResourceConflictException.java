package dev.wxauth.server.admin;

/** The request is sound, but the resources as they stand forbid it (an id taken, a resource still in use): 409. */
public final class ResourceConflictException extends RuntimeException {

	private final String field;

	/** @param field the field whose value conflicts, named in the answer */
	public ResourceConflictException(String field, String detail) {
		super(detail);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
