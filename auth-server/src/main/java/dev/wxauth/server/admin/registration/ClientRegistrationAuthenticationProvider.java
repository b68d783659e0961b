package dev.wxauth.server.admin.registration;

import java.util.List;
import java.util.stream.Collectors;

import dev.wxauth.server.admin.InvalidFieldsException;
import dev.wxauth.server.admin.InvalidFieldsException.FieldProblem;
import dev.wxauth.server.admin.ResourceConflictException;
import dev.wxauth.server.admin.ResourceNotFoundException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * The registration endpoint's requests, each a straight script: the bearer token checked (an initial access token to
 * register, RFC 7591 §3; the client's registration access token for its own registration, RFC 7592 §2), then the
 * body read, then {@link DynamicClientRegistrations}. Its refusals are RFC 7591 §3.2.2's: {@code invalid_redirect_uri}
 * or {@code invalid_client_metadata} naming the fields, {@code invalid_request} for a body that is no JSON object,
 * and RFC 6750's {@code invalid_token} for a missing, unknown or spent token.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591#section-3.2.2">RFC 7591 §3.2.2</a>
 */
final class ClientRegistrationAuthenticationProvider implements AuthenticationProvider {

	static final String INVALID_REDIRECT_URI = "invalid_redirect_uri";

	static final String INVALID_CLIENT_METADATA = "invalid_client_metadata";

	private final Log logger = LogFactory.getLog(getClass());

	private final DynamicClientRegistrations registrations;

	private final JsonMapper json;

	ClientRegistrationAuthenticationProvider(DynamicClientRegistrations registrations, JsonMapper json) {
		this.registrations = registrations;
		this.json = json;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		ClientRegistrationRequest request = (ClientRegistrationRequest) authentication;
		try {
			return answer(request);
		}
		catch (InvalidFieldsException ex) {
			this.logger.debug("Refused client metadata: " + fields(ex.problems()));
			throw refused(ex.problems());
		}
		catch (ResourceConflictException ex) {
			throw new OAuth2AuthenticationException(new OAuth2Error(INVALID_CLIENT_METADATA, ex.getMessage(), null));
		}
		catch (ResourceNotFoundException ex) {
			throw DynamicClientRegistrations.invalidRegistrationToken();
		}
		catch (OAuth2AuthenticationException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// the framework's filter would put the exception's message in a 400: a failure of ours is a 500
			this.logger.error("A client registration request failed", ex);
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR,
					"The registration could not be completed; try again later", null));
		}
	}

	private ClientRegistrationAnswer answer(ClientRegistrationRequest request) {
		String token = request.token();
		if (token == null) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
					(request.operation() == ClientRegistrationRequest.Operation.REGISTER)
							? "Registration needs an initial access token from this server's operator"
							: "A registration is managed with its registration access token",
					null));
		}
		if (request.operation() == ClientRegistrationRequest.Operation.REGISTER) {
			long initialAccessToken = this.registrations.initialAccessToken(token);
			ObjectNode registered = this.registrations.register(initialAccessToken, body(request));
			return new ClientRegistrationAnswer(registered.get("client_id").asString(), HttpStatus.CREATED, registered);
		}
		String clientId = request.clientId();
		this.registrations.checkRegistrationAccess(clientId, token);
		return switch (request.operation()) {
			case READ -> new ClientRegistrationAnswer(clientId, HttpStatus.OK, this.registrations.read(clientId, token));
			case REPLACE -> new ClientRegistrationAnswer(clientId, HttpStatus.OK,
					this.registrations.replace(clientId, token, body(request)));
			case DELETE -> {
				this.registrations.delete(clientId);
				yield new ClientRegistrationAnswer(clientId, HttpStatus.NO_CONTENT, null);
			}
			case REGISTER -> throw new IllegalStateException("handled above");
		};
	}

	/** The body as JSON (RFC 7591 §3.1: {@code application/json}). */
	private JsonNode body(ClientRegistrationRequest request) {
		try {
			MediaType type = (request.contentType() != null) ? MediaType.parseMediaType(request.contentType()) : null;
			if (type == null || !(type.isCompatibleWith(MediaType.APPLICATION_JSON)
					|| (type.getSubtypeSuffix() != null && type.getSubtypeSuffix().equals("json")))) {
				throw ClientRegistrationRequestConverter.invalidRequest("The body must be application/json");
			}
			return this.json.readTree(request.body());
		}
		catch (InvalidMediaTypeException ex) {
			throw ClientRegistrationRequestConverter.invalidRequest("The body must be application/json");
		}
		catch (JacksonException ex) {
			throw ClientRegistrationRequestConverter.invalidRequest("The body is not JSON");
		}
	}

	/** RFC 7591 §3.2.2: {@code invalid_redirect_uri} when a redirect URI is the problem. */
	private static OAuth2AuthenticationException refused(List<FieldProblem> problems) {
		boolean redirectUri = problems.stream()
			.anyMatch((problem) -> problem.field().equals("redirect_uris") || problem.field().startsWith("redirect_uris["));
		return new OAuth2AuthenticationException(new OAuth2Error(redirectUri ? INVALID_REDIRECT_URI
				: INVALID_CLIENT_METADATA, fields(problems), null));
	}

	/** The problems as one description, in RFC 6749 §5.2's characters (no quote, no backslash). */
	private static String fields(List<FieldProblem> problems) {
		return problems.stream()
			.map(FieldProblem::toString)
			.collect(Collectors.joining("; "))
			.replaceAll("[^\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]", "'");
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ClientRegistrationRequest.class.isAssignableFrom(authentication);
	}

}
