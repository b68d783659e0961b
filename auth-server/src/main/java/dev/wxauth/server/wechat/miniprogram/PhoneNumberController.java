package dev.wxauth.server.wechat.miniprogram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.wxauth.server.oauth2.OAuth2ErrorResponses;
import dev.wxauth.server.wechat.PhoneNumber;
import dev.wxauth.server.wechat.WeChatEncryptedData;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /wechat/mini-program/phone-number} with the mini-program's bearer token and either
 * {@code {"code": "..."}} (from the {@code getPhoneNumber} button) or {@code {"encryptedData": "...", "iv": "..."}}
 * (the legacy form), for an access token with the scope {@code phone}. Answers the bound number; errors are RFC 9457
 * problem JSON carrying the OAuth error code as {@code error}. Each field is checked (its length, printable ASCII)
 * before any WeChat call or decryption.
 */
@RestController
final class PhoneNumberController {

	private final MiniProgramBearerTokens bearerTokens;

	private final PhoneNumberBinding binding;

	PhoneNumberController(MiniProgramBearerTokens bearerTokens, PhoneNumberBinding binding) {
		this.bearerTokens = bearerTokens;
		this.binding = binding;
	}

	@PostMapping("/wechat/mini-program/phone-number")
	ResponseEntity<?> bind(@AuthenticationPrincipal Jwt token,
			@RequestBody(required = false) PhoneNumberRequest request) {
		List<String> scopes = token.getClaimAsStringList("scope");
		if (scopes == null || !scopes.contains(OidcScopes.PHONE)) {
			// before anything else: WeChat bills every phone-number call
			return OAuth2ErrorResponses.problem(new BearerTokenError(OAuth2ErrorCodes.INSUFFICIENT_SCOPE,
					HttpStatus.FORBIDDEN, "The access token must carry the scope phone", null, OidcScopes.PHONE));
		}
		if (request == null || !request.isComplete()) {
			return error(OAuth2ErrorCodes.INVALID_REQUEST,
					"Send {\"code\": ...} from the getPhoneNumber button, or {\"encryptedData\": ..., \"iv\": ...}");
		}
		if (request.isMalformed()) {
			return error(OAuth2ErrorCodes.INVALID_REQUEST, "A field is not what WeChat sends");
		}
		MiniProgramBearerTokens.MiniProgramLogin login = this.bearerTokens.loginOf(token.getTokenValue());
		PhoneNumber phone = StringUtils.hasText(request.code()) ? this.binding.bindWithCode(login, request.code())
				: this.binding.bindWithEncryptedData(login, request.encryptedData(), request.iv());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("phone_number", phone.e164());
		body.put("phone_number_verified", true);
		return ResponseEntity.ok(body);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notAMiniProgramLogin(MiniProgramBearerTokens.NotAMiniProgramLoginException ex) {
		return error(ex.revoked() ? OAuth2ErrorCodes.INVALID_TOKEN : OAuth2ErrorCodes.INSUFFICIENT_SCOPE,
				ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidEncryptedData(WeChatEncryptedData.InvalidEncryptedDataException ex) {
		return error(OAuth2ErrorCodes.INVALID_REQUEST, ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> refused(OAuth2AuthenticationException ex) {
		return OAuth2ErrorResponses.problem(ex.getError());
	}

	private static ResponseEntity<ProblemDetail> error(String error, String description) {
		return OAuth2ErrorResponses.problem(new OAuth2Error(error, description, null));
	}

	/** Either the button's code, or the legacy encrypted payload. */
	record PhoneNumberRequest(String code, String encryptedData, String iv) {

		/** Longer than any phone code or encrypted phone number WeChat hands a mini-program. */
		static final int MAX_LENGTH = 4096;

		boolean isComplete() {
			return StringUtils.hasText(this.code) || (StringUtils.hasText(this.encryptedData) && StringUtils.hasText(this.iv));
		}

		/** Longer than {@link #MAX_LENGTH}, or not printable ASCII, as WeChat's codes and base64 are. */
		boolean isMalformed() {
			return Stream.of(this.code, this.encryptedData, this.iv)
				.anyMatch((field) -> field != null && (field.length() > MAX_LENGTH
						|| !field.chars().allMatch((c) -> c >= 0x20 && c <= 0x7e)));
		}

	}

}
