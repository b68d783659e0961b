package dev.wxauth.server.grant;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.DPoPProofContext;
import org.springframework.security.oauth2.jwt.DPoPProofJwtDecoderFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.util.StringUtils;

/**
 * The {@code DPoP} proof of a token request (RFC 9449 §4), read and verified as the framework does for its own grants
 * (whose reader and verifier are not public): at most one header, kept in the grant's additional parameters under the
 * framework's names with the request's method and URL; then a signed JWT typed {@code dpop+jwt} whose embedded key
 * verifies it, whose {@code htm} and {@code htu} are this request's, with a fresh {@code iat} and a {@code jti} not
 * seen before ({@link DPoPProofJwtDecoderFactory}).
 */
final class DPoPProofs {

	static final String HEADER = OAuth2AccessToken.TokenType.DPOP.getValue();

	static final String PROOF = "dpop_proof";

	private static final String METHOD = "dpop_method";

	private static final String TARGET_URI = "dpop_target_uri";

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2";

	private static final DPoPProofJwtDecoderFactory decoders = new DPoPProofJwtDecoderFactory();

	private DPoPProofs() {
	}

	/**
	 * @return the proof's parameters, or none without a proof
	 * @throws OAuth2AuthenticationException {@code invalid_request} for more than one {@code DPoP} header
	 */
	static Map<String, Object> read(HttpServletRequest request) {
		String proof = request.getHeader(HEADER);
		if (!StringUtils.hasText(proof)) {
			return Map.of();
		}
		if (Collections.list(request.getHeaders(HEADER)).size() != 1) {
			throw new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "OAuth 2.0 Parameter: " + HEADER, ERROR_URI));
		}
		Map<String, Object> parameters = new HashMap<>();
		parameters.put(PROOF, proof);
		parameters.put(METHOD, request.getMethod());
		parameters.put(TARGET_URI, request.getRequestURL().toString());
		return parameters;
	}

	/**
	 * @return the verified proof, or {@code null} when the request had none
	 * @throws OAuth2AuthenticationException {@code invalid_dpop_proof}
	 */
	static @Nullable Jwt verify(OAuth2AuthorizationGrantAuthenticationToken grant) {
		Map<String, Object> parameters = grant.getAdditionalParameters();
		if (!(parameters.get(PROOF) instanceof String proof)) {
			return null;
		}
		try {
			DPoPProofContext context = DPoPProofContext.withDPoPProof(proof)
				.method((String) parameters.get(METHOD))
				.targetUri((String) parameters.get(TARGET_URI))
				.build();
			return decoders.createDecoder(context).decode(proof);
		}
		catch (RuntimeException ex) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF), ex);
		}
	}

}
