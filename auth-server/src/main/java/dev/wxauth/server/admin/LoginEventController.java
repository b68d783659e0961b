package dev.wxauth.server.admin;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.wxauth.server.audit.LoginEvent;
import dev.wxauth.server.audit.LoginEventLog;
import dev.wxauth.server.audit.LoginOutcome;
import dev.wxauth.server.wechat.AppKind;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/v1/login-events}: the login event log, newest first, filtered by person, client, WeChat app, flow,
 * outcome or time ({@code since} included, {@code until} not, both RFC 3339).
 */
@RestController
final class LoginEventController {

	private static final String FLOWS = "one of " + ids(AppKind.values(), AppKind::id);

	private static final String OUTCOMES = "one of " + ids(LoginOutcome.values(), LoginOutcome::id);

	private static final String DATE_TIME = "an RFC 3339 date-time: 2026-01-31T08:00:00Z";

	private final LoginEventLog log;

	LoginEventController(LoginEventLog log) {
		this.log = log;
	}

	@GetMapping(AdminApiSecurity.PATH + "/login-events")
	Paging.Page<LoginEventView> list(@RequestParam(name = "user_id", required = false) @Nullable String userId,
			@RequestParam(name = "client_id", required = false) @Nullable String clientId,
			@RequestParam(required = false) @Nullable String app, @RequestParam(required = false) @Nullable String flow,
			@RequestParam(required = false) @Nullable String outcome,
			@RequestParam(required = false) @Nullable String since,
			@RequestParam(required = false) @Nullable String until,
			@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String cursor) {
		int pageSize = Paging.limit(limit);
		Long before = Paging.position(cursor, Long::valueOf);
		LoginEventLog.Filter filter = new LoginEventLog.Filter(parsed("user_id", userId, LoginEventController::uuid,
				"a UUID"), Paging.filter("client_id", clientId), Paging.filter("app", app),
				parsed("flow", flow, (value) -> AppKind.fromId(value).orElseThrow().id(), FLOWS),
				parsed("outcome", outcome, (value) -> LoginOutcome.fromId(value).orElseThrow(), OUTCOMES),
				parsed("since", since, LoginEventController::instant, DATE_TIME),
				parsed("until", until, LoginEventController::instant, DATE_TIME));
		return Paging.page(this.log.find(filter, before, pageSize + 1), pageSize, (event) -> Long.toString(event.id()))
			.map(LoginEventView::of);
	}

	/** {@code value} read by {@code parse}, or a refusal naming the parameter when it cannot be. */
	private static <T> @Nullable T parsed(String name, @Nullable String value, Function<String, T> parse,
			String expected) {
		if (value == null) {
			return null;
		}
		try {
			return parse.apply(value);
		}
		catch (RuntimeException ex) {
			throw InvalidFieldsException.of(name, "must be " + expected);
		}
	}

	/** Only as UUIDs are written: {@link UUID#fromString} would also take {@code 1-1-1-1-1}. */
	private static UUID uuid(String value) {
		UUID uuid = UUID.fromString(value);
		if (!uuid.toString().equalsIgnoreCase(value)) {
			throw new IllegalArgumentException("not a UUID as written");
		}
		return uuid;
	}

	private static Instant instant(String value) {
		try {
			return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private static <T> String ids(T[] values, Function<T, String> id) {
		return Arrays.stream(values).map(id).collect(Collectors.joining(", "));
	}

	/** An event as the API shows it: never a code, token, openid or phone number, which the log never has. */
	record LoginEventView(String id, @JsonProperty("occurred_at") Instant occurredAt, String flow, String app,
			@JsonProperty("client_id") @Nullable String clientId, String outcome, @Nullable String reason,
			@JsonProperty("user_id") @Nullable UUID userId, @JsonProperty("new_user") boolean newUser,
			@JsonProperty("ip_address") @Nullable String ipAddress,
			@JsonProperty("user_agent") @Nullable String userAgent) {

		static LoginEventView of(LoginEvent event) {
			return new LoginEventView(Long.toString(event.id()), event.occurredAt(), event.attempt().flow(),
					event.attempt().app(), event.attempt().client(), event.attempt().outcome().id(),
					event.attempt().reason(), event.attempt().userId(), event.attempt().newUser(), event.ipAddress(),
					event.userAgent());
		}

	}

}
