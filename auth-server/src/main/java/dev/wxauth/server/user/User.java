package dev.wxauth.server.user;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One of our users. {@code id} is the {@code sub} of every token issued for them.
 */
public record User(UUID id, @Nullable String nickname, @Nullable String avatarUrl, @Nullable String phoneNumber,
		boolean phoneNumberVerified) {

	public User {
		Assert.notNull(id, "id cannot be null");
	}

	@Override
	public String toString() {
		return "User[id=" + this.id + "]";
	}

}
