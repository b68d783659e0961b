package dev.wxauth.server.federation;

import java.util.UUID;

import org.springframework.util.Assert;

/**
 * Who a login through WeChat turned out to be.
 *
 * @param id our user id
 * @param created whether this login created the user (a WeChat identity linked to someone known is not a new user)
 */
public record FederatedUser(UUID id, boolean created) {

	public FederatedUser {
		Assert.notNull(id, "id cannot be null");
	}

	static FederatedUser known(UUID id) {
		return new FederatedUser(id, false);
	}

}
