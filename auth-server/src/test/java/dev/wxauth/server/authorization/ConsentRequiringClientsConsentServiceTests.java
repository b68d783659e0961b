package dev.wxauth.server.authorization;

import java.util.ArrayList;
import java.util.List;

import dev.wxauth.server.testing.TestRegisteredClients;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import static org.assertj.core.api.Assertions.assertThat;

class ConsentRequiringClientsConsentServiceTests {

	final RegisteredClient firstParty = TestRegisteredClients.webClient()
		.clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).requireProofKey(true).build())
		.build();

	final RegisteredClient thirdParty = TestRegisteredClients.webClient()
		.clientSettings(ClientSettings.builder().requireAuthorizationConsent(true).requireProofKey(true).build())
		.build();

	final RecordingConsentService stored = new RecordingConsentService();

	final ConsentRequiringClientsConsentService consents = new ConsentRequiringClientsConsentService(this.stored,
			new InMemoryRegisteredClientRepository(this.firstParty, this.thirdParty));

	@Test
	void findByIdWhenClientRequiresConsentThenStoredConsent() {
		assertThat(this.consents.findById(this.thirdParty.getId(), "alice")).isSameAs(this.stored.consent);
		assertThat(this.stored.lookups).containsExactly(this.thirdParty.getId());
	}

	@Test
	void findByIdWhenClientNeedsNoConsentThenNoneAndNoLookup() {
		assertThat(this.consents.findById(this.firstParty.getId(), "alice")).isNull();
		assertThat(this.stored.lookups).isEmpty();
	}

	@Test
	void findByIdWhenClientUnknownThenStoredConsent() {
		assertThat(this.consents.findById("gone", "alice")).isSameAs(this.stored.consent);
	}

	@Test
	void saveAndRemoveGoToTheStore() {
		OAuth2AuthorizationConsent consent = this.stored.consent;

		this.consents.save(consent);
		this.consents.remove(consent);

		assertThat(this.stored.writes).containsExactly("save", "remove");
	}

	static final class RecordingConsentService implements OAuth2AuthorizationConsentService {

		final OAuth2AuthorizationConsent consent = OAuth2AuthorizationConsent.withId("any", "alice")
			.scope("profile")
			.build();

		final List<String> lookups = new ArrayList<>();

		final List<String> writes = new ArrayList<>();

		@Override
		public void save(OAuth2AuthorizationConsent authorizationConsent) {
			this.writes.add("save");
		}

		@Override
		public void remove(OAuth2AuthorizationConsent authorizationConsent) {
			this.writes.add("remove");
		}

		@Override
		public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
			this.lookups.add(registeredClientId);
			return this.consent;
		}

	}

}
