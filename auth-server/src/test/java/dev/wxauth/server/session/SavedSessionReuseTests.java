package dev.wxauth.server.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockCookie;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

import static org.assertj.core.api.Assertions.assertThat;

class SavedSessionReuseTests {

	final CountingSessions stored = new CountingSessions();

	final FindByIndexNameSessionRepository<MapSession> sessions = SavedSessionReuse.repository(this.stored);

	/** A signed-in browser's request whose answer is a redirect: the session is read, touched, saved early. */
	MockHttpServletResponse redirect(String sessionId, Filter... filters) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/oauth2/authorize");
		request.setCookies(new MockCookie("SESSION",
				Base64.getEncoder().encodeToString(sessionId.getBytes(StandardCharsets.UTF_8))));
		MockHttpServletResponse response = new MockHttpServletResponse();
		HttpServlet endpoint = new HttpServlet() {
			@Override
			protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
				req.getSession().setAttribute("seen", "yes");
				resp.sendRedirect("https://client.example/cb?code=c");
			}
		};
		new MockFilterChain(endpoint, filters).doFilter(request, response);
		return response;
	}

	String signedIn() {
		MapSession session = this.stored.createSession();
		this.stored.save(session);
		this.stored.lookups.clear();
		return session.getId();
	}

	@Test
	void redirectWhenRequestScopedThenSessionReadOnce() throws Exception {
		String id = signedIn();

		MockHttpServletResponse response = redirect(id, SavedSessionReuse.filter(),
				new SessionRepositoryFilter<>(this.sessions));

		assertThat(response.getRedirectedUrl()).isEqualTo("https://client.example/cb?code=c");
		assertThat(this.stored.lookups).containsExactly(id);
		assertThat(this.stored.findById(id).<String>getAttribute("seen")).isEqualTo("yes");
	}

	@Test
	void redirectWhenSpringSessionAloneThenSessionReadTwice() throws Exception {
		String id = signedIn();

		redirect(id, new SessionRepositoryFilter<>(this.sessions));

		// spring-projects/spring-session#1731: what the filter spares
		assertThat(this.stored.lookups).containsExactly(id, id);
	}

	@Test
	void findByIdWhenNextRequestThenFromTheStoreAgain() throws Exception {
		String id = signedIn();
		redirect(id, SavedSessionReuse.filter(), new SessionRepositoryFilter<>(this.sessions));
		this.stored.lookups.clear();

		assertThat(this.sessions.findById(id)).extracting(MapSession::getId).isEqualTo(id);
		assertThat(this.stored.lookups).containsExactly(id);
	}

	@Test
	void findByIdWhenDeletedInTheRequestThenFromTheStore() throws Exception {
		String id = signedIn();
		Filter deleteAfterSave = (request, response, chain) -> {
			MapSession session = this.sessions.findById(id);
			this.sessions.save(session);
			this.sessions.deleteById(id);
			assertThat(this.sessions.findById(id)).isNull();
		};

		new MockFilterChain(new HttpServlet() {
		}, SavedSessionReuse.filter(), deleteAfterSave).doFilter(new MockHttpServletRequest(),
				new MockHttpServletResponse());

		assertThat(this.stored.lookups).containsExactly(id, id);
	}

	static final class CountingSessions implements FindByIndexNameSessionRepository<MapSession> {

		final MapSessionRepository sessions = new MapSessionRepository(new java.util.concurrent.ConcurrentHashMap<>());

		final List<String> lookups = new ArrayList<>();

		@Override
		public MapSession createSession() {
			return this.sessions.createSession();
		}

		@Override
		public void save(MapSession session) {
			this.sessions.save(session);
		}

		@Override
		public MapSession findById(String id) {
			this.lookups.add(id);
			return this.sessions.findById(id);
		}

		@Override
		public void deleteById(String id) {
			this.sessions.deleteById(id);
		}

		@Override
		public Map<String, MapSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
			return Map.of();
		}

	}

}
