package dev.wxauth.server.wechat.miniprogram;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.wxauth.server.oauth2.OAuth2ErrorResponses;
import dev.wxauth.server.user.AvatarImage;
import dev.wxauth.server.user.ChosenProfiles;
import dev.wxauth.server.user.Nicknames;
import dev.wxauth.server.user.User;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code POST /wechat/mini-program/profile} with the mini-program's bearer token (scope {@code profile}) and a
 * {@code multipart/form-data} body, as {@code wx.uploadFile} sends it: the name the person typed or picked in
 * {@code <input type="nickname">} as {@code nickname}, the image they chose with
 * {@code <button open-type="chooseAvatar">} as the file {@code avatar}, either or both. They become the person's
 * {@code name} and {@code picture} ({@link ChosenProfiles}), checked first ({@link Nicknames},
 * {@link AvatarImage}); WeChat's content check of both is the mini-program's, before it sends them. Answers the stored
 * {@code name} and {@code picture}; refusals are RFC 9457 problem JSON carrying the OAuth error code as {@code error}
 * and the fields at fault in {@code errors}: 400 for a field we do not take, 413 for a body or avatar larger than we
 * take (refused before the body is read when its length says so), 415 for a body that is not
 * {@code multipart/form-data}, 408 for a body that has not all come within {@link #BODY_DEADLINE} (it is read as it
 * arrives, {@link BodyReading}: a slow client holds no thread); 401 {@code invalid_token} when the person was deleted
 * or disabled since the token was checked. The token and the login are checked before the body is read.
 *
 * @see <a href="https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/userProfile.html">WeChat,
 * the avatar and nickname components</a>
 */
@RestController
final class ProfileController {

	static final String PATH = "/wechat/mini-program/profile";

	/** How long the whole body may take to arrive: a photo of a megabyte, over a slow mobile network. */
	static final Duration BODY_DEADLINE = Duration.ofSeconds(10);

	static final String NICKNAME = "nickname";

	static final String AVATAR = "avatar";

	/** An avatar, a nickname and the multipart framing around them: the most a body may hold. */
	static final int MAX_BODY_BYTES = AvatarImage.MAX_BYTES + 64 * 1024;

	/** {@value Nicknames#MAX_CODE_POINTS} characters of four bytes, with room for spaces around them. */
	private static final int MAX_NICKNAME_BYTES = 1024;

	private static final Log logger = LogFactory.getLog(ProfileController.class);

	private final MiniProgramBearerTokens bearerTokens;

	private final ChosenProfiles profiles;

	ProfileController(MiniProgramBearerTokens bearerTokens, ChosenProfiles profiles) {
		this.bearerTokens = bearerTokens;
		this.profiles = profiles;
	}

	@PostMapping(PATH)
	DeferredResult<ResponseEntity<?>> choose(@AuthenticationPrincipal Jwt token, HttpServletRequest request) {
		List<String> scopes = token.getClaimAsStringList("scope");
		if (scopes == null || !scopes.contains(OidcScopes.PROFILE)) {
			return BodyReading.answered(OAuth2ErrorResponses.problem(new BearerTokenError(
					OAuth2ErrorCodes.INSUFFICIENT_SCOPE, HttpStatus.FORBIDDEN,
					"The access token must carry the scope profile", null, OidcScopes.PROFILE)));
		}
		MiniProgramBearerTokens.MiniProgramLogin login = this.bearerTokens.loginOf(token.getTokenValue());
		String clientId = token.getClaimAsString("client_id");
		String boundary;
		try {
			boundary = boundary(request.getContentType());
		}
		catch (InvalidMediaTypeException ex) {
			boundary = null;
		}
		if (boundary == null) {
			return BodyReading.answered(refusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"Send multipart/form-data (wx.uploadFile), with a boundary", List.of()));
		}
		if (request.getContentLengthLong() > MAX_BODY_BYTES) {
			logger.debug("Refused a profile for " + clientId + ": a body of " + request.getContentLengthLong() + " bytes");
			return BodyReading.answered(tooLarge());
		}
		String formBoundary = boundary;
		return BodyReading.read(request, MAX_BODY_BYTES, BODY_DEADLINE,
				(body) -> choose(login, clientId, MultipartForm.parse(body, formBoundary)),
				(failure) -> notTaken(failure, clientId));
	}

	private ResponseEntity<?> choose(MiniProgramBearerTokens.MiniProgramLogin login, String clientId,
			MultipartForm form) {
		List<byte[]> nicknames = form.contents(NICKNAME);
		List<byte[]> avatars = form.contents(AVATAR);
		if (avatars.stream().anyMatch((avatar) -> avatar.length > AvatarImage.MAX_BYTES)) {
			logger.debug("Refused a profile for " + clientId + ": an avatar over " + AvatarImage.MAX_BYTES + " bytes");
			return tooLarge();
		}
		List<FieldProblem> problems = new ArrayList<>();
		if (nicknames.isEmpty() && avatars.isEmpty()) {
			problems.add(new FieldProblem(NICKNAME, "send a nickname, an avatar, or both"));
			problems.add(new FieldProblem(AVATAR, "send a nickname, an avatar, or both"));
		}
		String nickname = (nicknames.size() == 1) ? nickname(nicknames.getFirst(), problems) : null;
		AvatarImage avatar = (avatars.size() == 1) ? avatar(avatars.getFirst(), problems) : null;
		if (nicknames.size() > 1) {
			problems.add(new FieldProblem(NICKNAME, "given more than once"));
		}
		if (avatars.size() > 1) {
			problems.add(new FieldProblem(AVATAR, "given more than once"));
		}
		if (!problems.isEmpty()) {
			logger.debug("Refused a profile for " + clientId + ": " + problems);
			return refusal(HttpStatus.BAD_REQUEST, problems.getFirst().field() + ": " + problems.getFirst().detail(),
					problems);
		}
		User user = this.profiles.choose(login.userId(), nickname, avatar).orElse(null);
		if (user == null) {
			// deleted or disabled since the token was checked: their tokens are revoked with it
			return invalidToken("The access token's person is deleted or disabled");
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		if (user.nickname() != null) {
			answer.put("name", user.nickname());
		}
		if (user.avatarUrl() != null) {
			answer.put("picture", user.avatarUrl());
		}
		return ResponseEntity.ok(answer);
	}

	private static ResponseEntity<?> notTaken(BodyReading.Failure failure, String clientId) {
		logger.debug("Refused a profile for " + clientId + ": its body " + switch (failure) {
			case TOO_LARGE -> "is longer than " + MAX_BODY_BYTES + " bytes";
			case TOO_SLOW -> "did not come within " + BODY_DEADLINE.toSeconds() + " seconds";
			case UNREADABLE -> "could not be read";
		});
		return switch (failure) {
			case TOO_LARGE -> tooLarge();
			case TOO_SLOW -> refusal(HttpStatus.REQUEST_TIMEOUT,
					"The body did not come within " + BODY_DEADLINE.toSeconds() + " seconds", List.of());
			case UNREADABLE -> refusal(HttpStatus.BAD_REQUEST, "The body could not be read", List.of());
		};
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notAMiniProgramLogin(MiniProgramBearerTokens.NotAMiniProgramLoginException ex) {
		if (ex.revoked()) {
			return invalidToken(ex.getMessage());
		}
		return OAuth2ErrorResponses.problem(new BearerTokenError(OAuth2ErrorCodes.INSUFFICIENT_SCOPE,
				HttpStatus.FORBIDDEN, ex.getMessage(), null));
	}

	/** RFC 6750 §3.1: the token is no longer good, as the filter chain answers a revoked one. */
	private static ResponseEntity<ProblemDetail> invalidToken(String description) {
		return OAuth2ErrorResponses.problem(new BearerTokenError(OAuth2ErrorCodes.INVALID_TOKEN,
				HttpStatus.UNAUTHORIZED, description, null));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> malformed(MultipartForm.MalformedMultipartException ex) {
		return refusal(HttpStatus.BAD_REQUEST, "The body is not well-formed multipart/form-data: " + ex.getMessage(),
				List.of());
	}

	/** The boundary of a {@code multipart/form-data} body, unquoted; {@code null} for any other body. */
	private static @Nullable String boundary(@Nullable String contentType) {
		if (contentType == null) {
			return null;
		}
		MediaType type = MediaType.parseMediaType(contentType);
		String boundary = MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(type) ? type.getParameter("boundary")
				: null;
		if (boundary != null && boundary.length() >= 2 && boundary.startsWith("\"") && boundary.endsWith("\"")) {
			boundary = boundary.substring(1, boundary.length() - 1);
		}
		return (boundary != null && !boundary.isEmpty()) ? boundary : null;
	}

	private static @Nullable String nickname(byte[] bytes, List<FieldProblem> problems) {
		if (bytes.length > MAX_NICKNAME_BYTES) {
			problems.add(new FieldProblem(NICKNAME, "at most " + Nicknames.MAX_CODE_POINTS + " characters"));
			return null;
		}
		try {
			return Nicknames.normalized(
					StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
		}
		catch (CharacterCodingException ex) {
			problems.add(new FieldProblem(NICKNAME, "not UTF-8"));
		}
		catch (Nicknames.InvalidNicknameException ex) {
			problems.add(new FieldProblem(NICKNAME, ex.getMessage()));
		}
		return null;
	}

	private static @Nullable AvatarImage avatar(byte[] bytes, List<FieldProblem> problems) {
		try {
			return AvatarImage.of(bytes);
		}
		catch (AvatarImage.InvalidAvatarException ex) {
			problems.add(new FieldProblem(AVATAR, ex.getMessage()));
			return null;
		}
	}

	private static ResponseEntity<ProblemDetail> tooLarge() {
		String detail = "at most " + AvatarImage.MAX_BYTES + " bytes";
		return refusal(HttpStatus.CONTENT_TOO_LARGE, "The avatar is too large: " + detail,
				List.of(new FieldProblem(AVATAR, detail)));
	}

	/** As {@link OAuth2ErrorResponses#problem}'s, {@code invalid_request}, with the fields at fault. */
	private static ResponseEntity<ProblemDetail> refusal(HttpStatus status, String description,
			List<FieldProblem> problems) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, description);
		problem.setProperty("error", OAuth2ErrorCodes.INVALID_REQUEST);
		problem.setProperty("error_description", description);
		if (!problems.isEmpty()) {
			problem.setProperty("errors", problems.stream()
				.map((fieldProblem) -> Map.of("field", fieldProblem.field(), "detail", fieldProblem.detail()))
				.toList());
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/** What is wrong with one field, as the admin API names it too ({@code errors[].field}, {@code detail}). */
	private record FieldProblem(String field, String detail) {

		@Override
		public String toString() {
			return this.field + ": " + this.detail;
		}

	}

}
