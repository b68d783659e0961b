package dev.wxauth.server.federation;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import dev.wxauth.server.user.UserRepository;
import dev.wxauth.server.wechat.WeChatIdentity;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * After WeChat vouched for someone: finds our user for that WeChat identity, or links it to the user who already
 * signed in through another of our apps with the same {@code unionid}, or creates a new user. Refreshes the
 * nickname and avatar at every login. A known identity, the common case, takes one statement and no lock: it
 * creates nothing. A first login takes one transaction, serialized per identity and per unionid across instances,
 * so that two simultaneous first logins never make two users.
 */
public final class UserFederation {

	private static final Log logger = LogFactory.getLog(UserFederation.class);

	private final UserRepository users;

	private final TransactionOperations transactions;

	private final Clock clock;

	public UserFederation(UserRepository users, TransactionOperations transactions, Clock clock) {
		Assert.notNull(users, "users cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.users = users;
		this.transactions = transactions;
		this.clock = clock;
	}

	/** @return our user id for {@code identity} */
	public UUID federate(WeChatIdentity identity) {
		Assert.notNull(identity, "identity cannot be null");
		Optional<UUID> returning = recordReturningLogin(identity);
		if (returning.isPresent()) {
			return returning.get();
		}
		return this.transactions.execute((tx) -> {
			// identity lock first, unionid lock second, always: no two transactions wait on each other in a cycle
			this.users.lock("wechat-identity:" + identity.appid() + "/" + identity.openid());
			if (identity.unionid() != null) {
				this.users.lock("wechat-unionid:" + identity.unionid());
			}
			// another login of the same identity may have created it while this one waited for the lock
			Optional<UUID> known = recordReturningLogin(identity);
			if (known.isPresent()) {
				return known.get();
			}
			Instant now = this.clock.instant();
			UUID userId = (identity.unionid() != null) ? this.users.findUserIdByUnionid(identity.unionid()).orElse(null)
					: null;
			if (userId == null) {
				userId = UUID.randomUUID();
				this.users.insertUser(userId, identity.nickname(), identity.avatarUrl(), now);
				logger.debug("Created user " + userId + " for a first login with " + identity.appid());
			}
			else {
				this.users.updateProfile(userId, identity.nickname(), identity.avatarUrl(), now);
				logger.debug("Linked a new " + identity.appKind() + " identity to user " + userId + " by unionid");
			}
			this.users.insertIdentity(userId, identity.appid(), identity.openid(), identity.unionid(),
					identity.appKind().name().toLowerCase(Locale.ROOT).replace('_', '-'), now);
			return userId;
		});
	}

	private Optional<UUID> recordReturningLogin(WeChatIdentity identity) {
		return this.users.recordReturningLogin(identity.appid(), identity.openid(), identity.unionid(),
				identity.nickname(), identity.avatarUrl(), this.clock.instant());
	}

}
