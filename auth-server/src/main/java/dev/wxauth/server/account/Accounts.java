package dev.wxauth.server.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.wxauth.server.audit.AuditLog;
import dev.wxauth.server.user.PersonalData;
import dev.wxauth.server.user.PhoneNumbers;
import dev.wxauth.server.user.User;
import dev.wxauth.server.user.UserRepository;
import dev.wxauth.server.wechat.WeChatApps;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.transaction.support.TransactionOperations;

/**
 * A person's own account, as their apps show it and as they leave: what wxauth keeps of them, without the WeChat
 * ids (openid, unionid) that are the apps' business only behind the {@code wechat} scope, and their deletion.
 */
public final class Accounts {

	/** The audit log's name for a person, as the admin API's. */
	static final String RESOURCE = "user";

	private final UserRepository users;

	private final PersonalData personalData;

	private final WeChatApps apps;

	private final AuditLog audit;

	private final TransactionOperations transactions;

	Accounts(UserRepository users, PersonalData personalData, WeChatApps apps, AuditLog audit,
			TransactionOperations transactions) {
		this.users = users;
		this.personalData = personalData;
		this.apps = apps;
		this.audit = audit;
		this.transactions = transactions;
	}

	/** @return empty when there is no such person (any more) */
	public Optional<AccountView> show(UUID id) {
		return this.users.findById(id).map(this::view);
	}

	private AccountView view(User user) {
		List<IdentityView> identities = this.personalData.identities(user.id())
			.stream()
			.map((identity) -> new IdentityView(this.apps.nameOf(identity.appid()).orElse(null), identity.appKind(),
					identity.linkedAt(), identity.lastLoginAt()))
			.toList();
		List<AppView> authorized = this.personalData.authorizedClients(user.id())
			.stream()
			.map((client) -> new AppView(client.clientId(), client.clientName(), client.scopes(), client.since()))
			.toList();
		return new AccountView(user.id(), user.nickname(), user.avatarUrl(),
				(user.phoneNumber() != null) ? PhoneNumbers.masked(user.phoneNumber()) : null,
				(user.phoneNumber() != null) ? user.phoneNumberVerified() : null, identities, authorized);
	}

	/**
	 * Deletes the person ({@link PersonalData#delete}) with one audit event naming only their id, as an operator's
	 * deletion is recorded.
	 * @param clientId the app that asked, on the person's behalf: the event's actor
	 * @return {@code false} when there is no such person (any more)
	 */
	public boolean delete(UUID id, String clientId) {
		Boolean deleted = this.transactions.execute((transaction) -> {
			if (!this.personalData.delete(id)) {
				return false;
			}
			this.audit.record(clientId, "delete", RESOURCE, id.toString(),
					JsonNodeFactory.instance.objectNode().put("id", id.toString()), null);
			return true;
		});
		return Boolean.TRUE.equals(deleted);
	}

	/**
	 * Revokes what the person granted one app ({@link PersonalData#revokeClient}): it asks again next time.
	 * @return {@code false} when the app held nothing of theirs
	 */
	public boolean revoke(UUID id, String clientId) {
		return this.personalData.revokeClient(id, clientId);
	}

	/** Ends every session of the person and revokes every token of theirs ({@link PersonalData#signOutEverywhere}). */
	public boolean signOutEverywhere(UUID id) {
		return this.personalData.signOutEverywhere(id);
	}

	/** {@code GET /account/v1/me}. */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record AccountView(UUID sub, @Nullable String name, @Nullable String picture,
			@JsonProperty("phone_number") @Nullable String phoneNumber,
			@JsonProperty("phone_number_verified") @Nullable Boolean phoneNumberVerified,
			@JsonProperty("wechat_identities") List<IdentityView> wechatIdentities,
			@JsonProperty("authorized_apps") List<AppView> authorizedApps) {
	}

	/** A WeChat identity of the person: through which of our apps, since when, last used when. */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record IdentityView(@Nullable String app, @JsonProperty("app_kind") String appKind,
			@JsonProperty("linked_at") Instant linkedAt, @JsonProperty("last_login_at") Instant lastLoginAt) {
	}

	/** An app (client) the person authorized. */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record AppView(@JsonProperty("client_id") String clientId, @JsonProperty("client_name") String clientName,
			Set<String> scopes, @JsonProperty("authorized_at") @Nullable Instant authorizedAt) {
	}

}
