package dev.wxauth.server.admin;

/** No resource of that kind with that id: 404. */
public final class ResourceNotFoundException extends RuntimeException {

	public ResourceNotFoundException(String resourceType, String id) {
		super("No " + resourceType + " " + id);
	}

}
