package dev.wxauth.server.authorization;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.wxauth.server.testing.TestRegisteredClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;

class RequestScopedAuthorizationLookupsTests {

	static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

	final RegisteredClient client = TestRegisteredClients.webClient().build();

	final CountingAuthorizationService stored = new CountingAuthorizationService();

	final RequestScopedAuthorizationLookups authorizations = new RequestScopedAuthorizationLookups(this.stored);

	final OAuth2Authorization authorization = OAuth2Authorization.withRegisteredClient(this.client)
		.principalName("alice")
		.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
		.token(new OAuth2AuthorizationCode("the-code", Instant.now(), Instant.now().plusSeconds(300)))
		.build();

	@AfterEach
	void leaveRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	void enterRequest() {
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
	}

	@Test
	void findByTokenWhenRepeatedInOneRequestThenStoreAskedOnce() {
		this.stored.save(this.authorization);
		enterRequest();

		OAuth2Authorization first = this.authorizations.findByToken("the-code", CODE);
		OAuth2Authorization second = this.authorizations.findByToken("the-code", CODE);

		assertThat(first).isNotNull().isSameAs(second);
		assertThat(this.stored.lookups).containsExactly("the-code");
	}

	@Test
	void findByTokenWhenUnknownThenRememberedAsUnknownToo() {
		enterRequest();

		assertThat(this.authorizations.findByToken("no-such-code", CODE)).isNull();
		assertThat(this.authorizations.findByToken("no-such-code", CODE)).isNull();
		assertThat(this.stored.lookups).containsExactly("no-such-code");
	}

	@Test
	void findByTokenWhenOtherTokenOrTypeThenStoreAskedAgain() {
		this.stored.save(this.authorization);
		enterRequest();

		this.authorizations.findByToken("the-code", CODE);
		this.authorizations.findByToken("the-code", null);
		this.authorizations.findByToken("other-code", null);

		assertThat(this.stored.lookups).containsExactly("the-code", "the-code", "other-code");
	}

	@Test
	void findByTokenWhenSavedOrRemovedMeanwhileThenStoreAskedAgain() {
		this.stored.save(this.authorization);
		enterRequest();

		this.authorizations.findByToken("the-code", CODE);
		this.authorizations.save(this.authorization);
		this.authorizations.findByToken("the-code", CODE);
		this.authorizations.remove(this.authorization);

		assertThat(this.authorizations.findByToken("the-code", CODE)).isNull();
		assertThat(this.stored.lookups).containsExactly("the-code", "the-code", "the-code");
	}

	@Test
	void findByTokenWhenNextRequestThenStoreAskedAgain() {
		this.stored.save(this.authorization);
		enterRequest();
		this.authorizations.findByToken("the-code", CODE);

		enterRequest();
		this.authorizations.findByToken("the-code", CODE);

		assertThat(this.stored.lookups).containsExactly("the-code", "the-code");
	}

	@Test
	void findByTokenWhenOutsideARequestThenStoreAskedEveryTime() {
		this.stored.save(this.authorization);

		this.authorizations.findByToken("the-code", CODE);
		this.authorizations.findByToken("the-code", CODE);

		assertThat(this.stored.lookups).containsExactly("the-code", "the-code");
	}

	static final class CountingAuthorizationService implements OAuth2AuthorizationService {

		final OAuth2AuthorizationService stored = new InMemoryOAuth2AuthorizationService();

		final List<String> lookups = new ArrayList<>();

		@Override
		public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
			this.lookups.add(token);
			return this.stored.findByToken(token, tokenType);
		}

		@Override
		public OAuth2Authorization findById(String id) {
			return this.stored.findById(id);
		}

		@Override
		public void save(OAuth2Authorization authorization) {
			this.stored.save(authorization);
		}

		@Override
		public void remove(OAuth2Authorization authorization) {
			this.stored.remove(authorization);
		}

	}

}
