package dev.wxauth.server.wechat.events;

import java.util.List;

import dev.wxauth.server.wechat.AppKind;
import dev.wxauth.server.wechat.WeChatApp;
import dev.wxauth.server.wechat.WeChatApps;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.util.Assert;

/**
 * The clients a person's WeChat identity at one of our apps reached: those bound to the app (its code grants'
 * {@code wechat_app}), those whose browser logins name it ({@code wechat_login_apps}), and for a website or official
 * account also the browser clients that name none, since they take a login through any of ours.
 */
final class BoundClients {

	// @formatter:off
	private static final String BOUND = "SELECT client_id FROM oauth2_registered_client"
			+ " WHERE client_settings::jsonb ->> ? = ?"
			+ " OR ? = ANY (string_to_array(client_settings::jsonb ->> ?, ' '))"
			+ " OR (? AND ? = ANY (string_to_array(authorization_grant_types, ','))"
			+ " AND coalesce(client_settings::jsonb ->> ?, '') = '')"
			+ " ORDER BY client_id";
	// @formatter:on

	private final JdbcOperations jdbc;

	BoundClients(JdbcOperations jdbc) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		this.jdbc = jdbc;
	}

	/** The {@code client_id}s of the clients that sign people in through {@code app}. */
	List<String> of(WeChatApp app) {
		boolean browserLogin = app.kind() == AppKind.WEBSITE || app.kind() == AppKind.OFFICIAL_ACCOUNT;
		return this.jdbc.queryForList(BOUND, String.class, WeChatApps.CLIENT_SETTING, app.name(), app.name(),
				WeChatApps.LOGIN_APPS_SETTING, browserLogin, AuthorizationGrantType.AUTHORIZATION_CODE.getValue(),
				WeChatApps.LOGIN_APPS_SETTING);
	}

}
