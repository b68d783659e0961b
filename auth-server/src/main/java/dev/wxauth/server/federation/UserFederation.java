package dev.wxauth.server.federation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import dev.wxauth.server.audit.LoginOutcome;
import dev.wxauth.server.audit.LoginRefusedException;
import dev.wxauth.server.user.UserRepository;
import dev.wxauth.server.user.UserRepository.KnownIdentity;
import dev.wxauth.server.wechat.WeChatIdentity;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * After WeChat vouched for someone: finds our user for that WeChat identity, or links it to the user who already
 * signed in through another of our apps with the same {@code unionid}, or creates a new user. Keeps the person's
 * nickname and avatar from WeChat, read again once ours is older than the profile's maximum age: each read is a
 * WeChat round trip the person waits for ({@code sns/userinfo}), on top of the code's. A known identity, the common
 * case, takes one statement and no lock: it creates nothing. A first login takes one transaction, serialized per
 * identity and per unionid across instances, so that two simultaneous first logins never make two users. A person
 * an operator disabled is refused ({@code access_denied}): the returning login's one statement also answers whether
 * they may sign in (it records the attempt on the identity, as any login's), and a new identity is not linked to them.
 */
public final class UserFederation {

	private static final Log logger = LogFactory.getLog(UserFederation.class);

	private final UserRepository users;

	private final TransactionOperations transactions;

	private final Duration profileMaxAge;

	private final Clock clock;

	/**
	 * @param profileMaxAge how old our copy of a profile may be before a login reads it from WeChat again;
	 * {@link Duration#ZERO}: at every login
	 */
	public UserFederation(UserRepository users, TransactionOperations transactions, Duration profileMaxAge,
			Clock clock) {
		Assert.notNull(users, "users cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		Assert.isTrue(profileMaxAge != null && !profileMaxAge.isNegative(), "profileMaxAge cannot be negative");
		Assert.notNull(clock, "clock cannot be null");
		this.users = users;
		this.transactions = transactions;
		this.profileMaxAge = profileMaxAge;
		this.clock = clock;
	}

	/**
	 * A login whose profile may be read from WeChat. {@code readProfile} is called only when the identity is new, or
	 * its person's profile older than the maximum age; a known identity with a recent profile is one statement and
	 * no WeChat call. Nothing is written when {@code readProfile} fails.
	 * @param readProfile {@code identity} with the profile WeChat answers for it now
	 * @return our user for {@code identity}
	 */
	public FederatedUser federate(WeChatIdentity identity, Supplier<WeChatIdentity> readProfile) {
		return federate(identity, readProfile, LoginPolicy.SIGN_UP);
	}

	/**
	 * {@link #federate(WeChatIdentity, Supplier)} under a client's {@link LoginPolicy}.
	 * @throws OAuth2AuthenticationException {@code access_denied} for someone the policy does not let in; nothing of
	 * theirs is written
	 */
	public FederatedUser federate(WeChatIdentity identity, Supplier<WeChatIdentity> readProfile, LoginPolicy policy) {
		Assert.notNull(identity, "identity cannot be null");
		Assert.notNull(readProfile, "readProfile cannot be null");
		if (!this.profileMaxAge.isZero()) {
			Instant now = this.clock.instant();
			Optional<KnownIdentity> returning = this.users.recordReturningLoginIfProfileReadSince(identity.appid(),
					identity.openid(), identity.unionid(), now.minus(this.profileMaxAge), now);
			if (returning.isPresent()) {
				return FederatedUser.known(allowed(returning.get()));
			}
		}
		return federate(readProfile.get(), policy);
	}

	/**
	 * A login with the profile it comes with, if any ({@link WeChatIdentity#hasProfile()}): read from WeChat just now,
	 * or none for the codes that grant none (mini-programs, {@code snsapi_base}), which keeps ours.
	 * @return our user for {@code identity}
	 */
	public FederatedUser federate(WeChatIdentity identity) {
		return federate(identity, LoginPolicy.SIGN_UP);
	}

	/**
	 * {@link #federate(WeChatIdentity)} under a client's {@link LoginPolicy}.
	 * @throws OAuth2AuthenticationException {@code access_denied} for someone the policy does not let in; nothing of
	 * theirs is written
	 */
	public FederatedUser federate(WeChatIdentity identity, LoginPolicy policy) {
		return federate(identity, policy, null);
	}

	/**
	 * A returning login: recorded, when the identity is known.
	 * @return the identity's person, empty when the identity is new
	 * @throws OAuth2AuthenticationException {@code access_denied} for a disabled person
	 */
	public Optional<UUID> returning(WeChatIdentity identity) {
		Assert.notNull(identity, "identity cannot be null");
		return recordReturningLogin(identity).map(UserFederation::allowed);
	}

	/** Whether a person is tied to the unionid: by another identity of theirs, or by an operator beforehand. */
	public boolean knowsUnionid(String unionid) {
		return this.users.findUserIdByUnionid(unionid).isPresent();
	}

	/**
	 * {@link #federate(WeChatIdentity, LoginPolicy)} for a login that also proved a phone number: a new identity
	 * that no unionid ties to a person is linked to the person an operator registered by that number, which uses the
	 * registration up; otherwise a new person (under {@link LoginPolicy#SIGN_UP}) has it as their verified number.
	 * @param verifiedPhoneNumber the number WeChat verified for this login (E.164), or {@code null}
	 */
	public FederatedUser federate(WeChatIdentity identity, LoginPolicy policy, @Nullable String verifiedPhoneNumber) {
		Assert.notNull(identity, "identity cannot be null");
		Assert.notNull(policy, "policy cannot be null");
		Optional<KnownIdentity> returning = recordReturningLogin(identity);
		if (returning.isPresent()) {
			return FederatedUser.known(allowed(returning.get()));
		}
		return this.transactions.execute((tx) -> {
			// identity, unionid, phone number: locked in this order, always, so that no two transactions wait on each
			// other in a cycle
			this.users.lock("wechat-identity:" + identity.appid() + "/" + identity.openid());
			if (identity.unionid() != null) {
				this.users.lock("wechat-unionid:" + identity.unionid());
			}
			if (verifiedPhoneNumber != null) {
				this.users.lock("phone-number:" + verifiedPhoneNumber);
			}
			// another login of the same identity may have created it while this one waited for the lock
			Optional<KnownIdentity> known = recordReturningLogin(identity);
			if (known.isPresent()) {
				return FederatedUser.known(allowed(known.get()));
			}
			Instant now = this.clock.instant();
			@Nullable Instant profileReadAt = identity.hasProfile() ? now : null;
			UUID userId = (identity.unionid() != null) ? this.users.findUserIdByUnionid(identity.unionid()).orElse(null)
					: null;
			if (userId == null && verifiedPhoneNumber != null) {
				userId = this.users.claimProvisionedPhoneNumber(verifiedPhoneNumber).orElse(null);
			}
			Optional<Boolean> disabled = (userId != null) ? this.users.lockForLink(userId) : Optional.empty();
			if (userId != null && disabled.isEmpty()) {
				// deleted or merged away while this login waited: nobody to link to
				userId = null;
			}
			if (userId == null && policy == LoginPolicy.LOGIN_ONLY) {
				throw new LoginRefusedException(LoginOutcome.LOGIN_ONLY_REFUSED,
						"This app signs in only people it knows already");
			}
			boolean created = userId == null;
			if (created) {
				userId = UUID.randomUUID();
				this.users.insertUser(userId, identity.nickname(), identity.avatarUrl(), profileReadAt, now);
				logger.debug("Created user " + userId + " for a first login with " + identity.appid());
			}
			else {
				if (disabled.orElse(false)) {
					// nothing written: the transaction ends with the refusal
					throw disabled();
				}
				this.users.updateProfile(userId, identity.nickname(), identity.avatarUrl(), profileReadAt, now);
				logger.debug("Linked a new " + identity.appKind() + " identity to user " + userId
						+ " by unionid or a provisioned phone number");
			}
			if (verifiedPhoneNumber != null) {
				this.users.updatePhoneNumber(userId, verifiedPhoneNumber, true, now);
			}
			this.users.insertIdentity(userId, identity.appid(), identity.openid(), identity.unionid(),
					identity.appKind().name().toLowerCase(Locale.ROOT).replace('_', '-'), now);
			return new FederatedUser(userId, created);
		});
	}

	private static UUID allowed(KnownIdentity identity) {
		if (identity.userDisabled()) {
			throw disabled();
		}
		return identity.userId();
	}

	/** The person's login is refused as WeChat's own refusals are: {@code access_denied}. */
	private static OAuth2AuthenticationException disabled() {
		return new LoginRefusedException(LoginOutcome.USER_DISABLED, "This account is disabled");
	}

	private Optional<KnownIdentity> recordReturningLogin(WeChatIdentity identity) {
		if (!identity.hasProfile()) {
			return this.users.recordReturningLogin(identity.appid(), identity.openid(), identity.unionid(),
					this.clock.instant());
		}
		return this.users.recordReturningLogin(identity.appid(), identity.openid(), identity.unionid(),
				identity.nickname(), identity.avatarUrl(), this.clock.instant());
	}

}
