package dev.wxauth.server.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/v1/openapi.json}: the admin API described in OpenAPI 3.1, written by hand beside the code
 * ({@code openapi.json} in this package's resources) and checked against the real endpoints by the tests; its server
 * and token URL are this server's issuer.
 */
@RestController
final class OpenApiController {

	private final String document;

	OpenApiController(AuthorizationServerSettings settings) {
		try (InputStream in = OpenApiController.class.getResourceAsStream("openapi.json")) {
			if (in == null) {
				throw new IllegalStateException("openapi.json is missing beside " + OpenApiController.class.getName());
			}
			this.document = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{issuer}}",
					settings.getIssuer());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@GetMapping(path = AdminApiSecurity.PATH + "/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> openApi() {
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(this.document);
	}

}
