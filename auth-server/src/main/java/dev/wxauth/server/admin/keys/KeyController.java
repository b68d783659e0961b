package dev.wxauth.server.admin.keys;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.wxauth.server.admin.AdminApiSecurity;
import dev.wxauth.server.admin.Paging;
import dev.wxauth.server.admin.ResourceConflictException;
import dev.wxauth.server.admin.ResourceNotFoundException;
import dev.wxauth.server.audit.AuditLog;
import dev.wxauth.server.keys.SigningKey;
import dev.wxauth.server.keys.SigningKeys;
import dev.wxauth.server.keys.StoredKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/v1/keys}: the signing keys, newest first, with their state now; a rotation that every instance
 * follows (the new key is published at once and signs after {@code wxauth.keys.publish-ahead}); a key retired early
 * (out of the JWKS at once, so nothing it signed verifies), refused for the key that signs now.
 */
@RestController
@RequestMapping(AdminApiSecurity.PATH + "/keys")
final class KeyController {

	static final String RESOURCE = "key";

	private final SigningKeys keys;

	private final AuditLog audit;

	private final TransactionOperations transactions;

	private final JsonMapper json;

	private final Clock clock = Clock.systemUTC();

	KeyController(SigningKeys keys, AuditLog audit, TransactionOperations transactions, JsonMapper json) {
		this.keys = keys;
		this.audit = audit;
		this.transactions = transactions;
		this.json = json;
	}

	@GetMapping
	Paging.Page<KeyView> list(@RequestParam(required = false) @Nullable String limit,
			@RequestParam(required = false) @Nullable String cursor) {
		int pageSize = Paging.limit(limit);
		List<StoredKey> page = this.keys.describe(Paging.position(cursor), pageSize + 1);
		SigningKeys.Snapshot now = this.keys.current();
		return Paging.page(page, pageSize, StoredKey::kid).map((key) -> view(key, now));
	}

	@GetMapping("/{kid}")
	KeyView get(@PathVariable String kid) {
		return view(find(kid), this.keys.current());
	}

	/** Starts a rotation now, whatever the schedule. */
	@PostMapping("/rotate")
	ResponseEntity<KeyView> rotate(Authentication admin) {
		KeyView created = this.transactions.execute((transaction) -> {
			SigningKeys.Snapshot snapshot = this.keys.rotateNow();
			SigningKey newest = snapshot.published()
				.stream()
				.max(Comparator.comparing(SigningKey::createdAt))
				.orElseThrow();
			KeyView view = view(find(newest.kid()), snapshot);
			this.audit.record(admin.getName(), "rotate", RESOURCE, newest.kid(), null, this.json.valueToTree(view));
			return view;
		});
		return ResponseEntity.created(URI.create(AdminApiSecurity.PATH + "/keys/" + created.kid())).body(created);
	}

	@PostMapping("/{kid}/retire")
	KeyView retire(@PathVariable String kid, Authentication admin) {
		StoredKey before = find(kid);
		return this.transactions.execute((transaction) -> {
			SigningKeys.Snapshot snapshot = this.keys.current();
			KeyView was = view(before, snapshot);
			StoredKey retired;
			try {
				retired = this.keys.retireNow(kid);
			}
			catch (SigningKeys.KeyInUseException ex) {
				throw new ResourceConflictException("kid", ex.getMessage());
			}
			KeyView is = view(retired, this.keys.current());
			JsonNode beforeJson = this.json.valueToTree(was);
			this.audit.record(admin.getName(), "retire", RESOURCE, kid, beforeJson, this.json.valueToTree(is));
			return is;
		});
	}

	private StoredKey find(String kid) {
		StoredKey key = this.keys.describe(kid);
		if (key == null) {
			throw new ResourceNotFoundException(RESOURCE, kid);
		}
		return key;
	}

	private KeyView view(StoredKey key, SigningKeys.Snapshot snapshot) {
		Instant now = this.clock.instant();
		String state;
		if (key.retiresAt() != null && !key.retiresAt().isAfter(now)) {
			state = "retired";
		}
		else if (key.activatesAt().isAfter(now)) {
			state = "next";
		}
		else if (snapshot.published().stream().anyMatch((published) -> published.kid().equals(key.kid()))
				&& snapshot.signingKeyAt(now).kid().equals(key.kid())) {
			state = "signing";
		}
		else {
			state = "published";
		}
		return new KeyView(key.kid(), key.algorithm(), state, key.createdAt(), key.activatesAt(), key.retiresAt());
	}

	/**
	 * A key as the API shows it.
	 * @param state {@code next} (published, signs soon), {@code signing}, {@code published} (replaced, still
	 * verifying what it signed) or {@code retired}
	 */
	record KeyView(String kid, String algorithm, String state, @JsonProperty("created_at") Instant createdAt,
			@JsonProperty("activates_at") Instant activatesAt,
			@JsonProperty("retires_at") @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Instant retiresAt) {
	}

}
