package dev.wxauth.server.admin.clients;

import dev.wxauth.server.admin.InvalidFieldsException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClientMetadataTests {

	static final JsonMapper json = JsonMapper.builder().build();

	static ClientMetadata read(String body) {
		return ClientMetadata.read(json.readTree(body));
	}

	static InvalidFieldsException refusal(String body) {
		try {
			read(body);
		}
		catch (InvalidFieldsException ex) {
			return ex;
		}
		throw new AssertionError("accepted: " + body);
	}

	@Test
	void readWhenLeftOutThenRfc7591Defaults() {
		ClientMetadata client = read("{}");

		assertThat(client.grantTypes()).containsExactly("authorization_code");
		assertThat(client.tokenEndpointAuthMethod()).isEqualTo("client_secret_basic");
		assertThat(client.requirePkce()).isTrue();
		assertThat(client.accessTokenLifetime()).isEqualTo(300);
	}

	@Test
	void readWhenHalfASurrogatePairThenRefusedAsNotText() {
		assertThat(refusal("{\"client_name\": \"a\\ud800b\"}").problems()).singleElement()
			.satisfies((problem) -> assertThat(problem.field()).isEqualTo("client_name"));
		assertThat(refusal("{\"redirect_uris\": [\"https://a.example/\\udc00\"]}").problems().getFirst().field())
			.isEqualTo("redirect_uris");
		assertThat(read("{\"client_name\": \"\\ud83c\\udf38 Shop\"}").clientName()).isEqualTo("\uD83C\uDF38 Shop");
	}

	@Test
	void readWhenSeveralFieldsAreWrongThenEachNamed() {
		assertThat(refusal("{\"grant_types\": \"x\", \"disabled\": 1, \"nope\": true, \"client_secret\": \"s\"}")
			.problems()).extracting(InvalidFieldsException.FieldProblem::field)
			.containsExactlyInAnyOrder("grant_types", "disabled", "nope", "client_secret");
	}

	@Test
	void readWhenFieldsTheServerSetsAreSentBackThenIgnored() {
		assertThat(read("{\"client_id_issued_at\": 1, \"client_secret_expires_at\": 0}").clientIdIssuedAt()).isZero();
	}

	@Test
	void readWhenNotAnObjectThenTheBodyIsNamed() {
		assertThatExceptionOfType(InvalidFieldsException.class).isThrownBy(() -> read("[]"))
			.satisfies((ex) -> assertThat(ex.problems().getFirst().field()).isEqualTo("body"));
	}

}
