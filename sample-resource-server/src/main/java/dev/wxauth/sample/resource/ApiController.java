package dev.wxauth.sample.resource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sample API. What it reads from the token is all a resource server needs: who ({@code sub}, our user id or,
 * for a service, its client id), which client, which scopes.
 */
@RestController
class ApiController {

	@GetMapping("/api/me")
	Map<String, Object> me(@AuthenticationPrincipal Jwt jwt) {
		Map<String, Object> me = new LinkedHashMap<>();
		me.put("subject", jwt.getSubject());
		me.put("client_id", jwt.getClaimAsString("client_id"));
		me.put("scopes", scopes(jwt));
		return me;
	}

	@GetMapping("/api/profile")
	Map<String, Object> profile(@AuthenticationPrincipal Jwt jwt) {
		Map<String, Object> profile = new LinkedHashMap<>();
		profile.put("subject", jwt.getSubject());
		profile.put("scopes", scopes(jwt));
		return profile;
	}

	/** Unauthenticated, for comparing the cost of the JWT check. */
	@GetMapping("/public/ping")
	Map<String, Object> ping() {
		return Map.of("status", "ok");
	}

	private static List<String> scopes(Jwt jwt) {
		List<String> scopes = jwt.getClaimAsStringList("scope");
		return (scopes != null) ? scopes : List.of();
	}

}
