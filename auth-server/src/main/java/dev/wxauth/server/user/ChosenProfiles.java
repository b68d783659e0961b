package dev.wxauth.server.user;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * The name and avatar a person chooses for themselves (a mini-program asks for them since WeChat stopped handing out
 * profiles), in place of the ones they had: the avatar stored with us and published at
 * {@code {issuer}}{@link Avatars#PATH}{@code {id}}, which becomes their {@code picture}; both, or either, in one
 * transaction. What they chose counts as their current profile: a profile-less login (a mini-program's) keeps it, a
 * login that reads the profile from WeChat again once it is older than the profile's maximum age replaces it, as it
 * replaces any older copy.
 */
public final class ChosenProfiles {

	private final UserRepository users;

	private final Avatars avatars;

	private final TransactionOperations transactions;

	private final String issuer;

	private final Clock clock;

	/** @param issuer the base of the avatars' URLs */
	public ChosenProfiles(UserRepository users, Avatars avatars, TransactionOperations transactions, String issuer,
			Clock clock) {
		Assert.notNull(users, "users cannot be null");
		Assert.notNull(avatars, "avatars cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		Assert.hasText(issuer, "issuer cannot be empty");
		Assert.notNull(clock, "clock cannot be null");
		this.users = users;
		this.avatars = avatars;
		this.transactions = transactions;
		this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
		this.clock = clock;
	}

	/**
	 * @param nickname from {@link Nicknames#normalized}, or {@code null} to keep theirs
	 * @param avatar or {@code null} to keep theirs
	 * @return the person as stored now; empty when there is no such person (any more) or they are disabled, and
	 * nothing was written
	 */
	public Optional<User> choose(UUID userId, @Nullable String nickname, @Nullable AvatarImage avatar) {
		Assert.notNull(userId, "userId cannot be null");
		Assert.isTrue(nickname != null || avatar != null, "nickname or avatar must be given");
		Instant now = this.clock.instant();
		UUID avatarId = (avatar != null) ? Avatars.newId() : null;
		String avatarUrl = (avatarId != null) ? this.issuer + Avatars.PATH + avatarId : null;
		return this.transactions.execute((transaction) -> {
			// the person's row first, locked: two uploads of theirs at once take turns
			if (!this.users.updateChosenProfile(userId, nickname, avatarUrl, now)) {
				return Optional.<User>empty();
			}
			if (avatar != null) {
				this.avatars.replace(userId, avatarId, avatar, now);
			}
			return this.users.findById(userId);
		});
	}

}
