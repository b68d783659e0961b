package dev.wxauth.server.admission;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import dev.wxauth.emulator.Fault;
import dev.wxauth.emulator.WeChatEmulator;
import dev.wxauth.server.grant.WeChatGrantTypes;
import dev.wxauth.server.testing.CodeGrantClient;
import dev.wxauth.server.testing.Http;
import dev.wxauth.server.testing.RunningAuthServer;
import dev.wxauth.server.testing.TestPostgres;
import dev.wxauth.server.testing.TestRegisteredClients;
import dev.wxauth.server.testing.TestWeChat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The token endpoint with a single turn, over real HTTP: every request still gets its answer, and a request waiting
 * on WeChat does not hold the turn.
 */
class TokenEndpointAdmissionTests {

	static final String MINI_PROGRAM_APPID = "wxd0000000000000a3";

	static RunningAuthServer server;

	static RegisteredClient service;

	static CodeGrantClient miniProgram;

	final WeChatEmulator wechat = TestWeChat.emulator();

	@BeforeAll
	static void start() {
		server = RunningAuthServer.start(TestPostgres.newDatabase("token_endpoint_admission"),
				"wxauth.token-endpoint.concurrency=1");
		service = TestRegisteredClients.webClient().authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.build();
		RegisteredClient miniProgramClient = TestRegisteredClients.miniProgramClient().build();
		server.bean(RegisteredClientRepository.class).save(service);
		server.bean(RegisteredClientRepository.class).save(miniProgramClient);
		miniProgram = new CodeGrantClient(server.issuer(), WeChatGrantTypes.MINI_PROGRAM.getValue(), miniProgramClient);
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@AfterEach
	void clearFaults() {
		this.wechat.clearFaults();
	}

	Http.Response serviceToken() {
		return new Http(server.issuer()).postForm("/oauth2/token", Http.form("grant_type", "client_credentials"),
				Http.basic(service.getClientId(), TestRegisteredClients.SECRET));
	}

	@Test
	void tokenWhenManyMoreRequestsThanTurnsThenEveryOneAnsweredInItsTurn() throws Exception {
		Admission admission = server.bean(Admission.class);
		List<CompletableFuture<Http.Response>> requests = IntStream.range(0, 12)
			.mapToObj((i) -> CompletableFuture.supplyAsync(this::serviceToken))
			.toList();

		for (CompletableFuture<Http.Response> request : requests) {
			Http.Response response = request.get(30, TimeUnit.SECONDS);
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
		}
		assertThat(admission.availableTurns()).isEqualTo(1);
	}

	@Test
	void tokenWhenItsOnlyTurnIsTakenThenWaitsForIt() throws Exception {
		assertThat(serviceToken().status()).as("warm: a token takes milliseconds").isEqualTo(200);
		CompletableFuture<Http.Response> request;
		try (Admission.Turn taken = server.bean(Admission.class).enter()) {
			request = CompletableFuture.supplyAsync(this::serviceToken);
			assertThatExceptionOfType(TimeoutException.class).as("the token request waits for the turn")
				.isThrownBy(() -> request.get(2, TimeUnit.SECONDS));
		}
		assertThat(request.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
	}

	@Test
	void tokenWhenAMiniProgramLoginWaitsOnWeChatThenItsTurnServesOthers() throws Exception {
		assertThat(serviceToken().status()).isEqualTo(200);
		String code = this.wechat.mintJsCode(MINI_PROGRAM_APPID, "alice");
		int upstreamCalls = this.wechat.calls("/sns/jscode2session");
		this.wechat.injectFault("/sns/jscode2session", Fault.TIMEOUT, 1);

		CompletableFuture<Http.Response> login = CompletableFuture.supplyAsync(() -> miniProgram.login(code));
		waitUntil(() -> this.wechat.calls("/sns/jscode2session") > upstreamCalls);
		Http.Response token = serviceToken();

		assertThat(token.status()).isEqualTo(200);
		assertThat(login).as("the mini-program login still waits on WeChat").isNotDone();
		assertThat(server.bean(Admission.class).availableTurns()).isEqualTo(1);
		assertThat(login.get(30, TimeUnit.SECONDS).status()).isEqualTo(503);
	}

	private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
		for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
			Thread.sleep(10);
		}
		assertThat(condition.getAsBoolean()).isTrue();
	}

}
