package dev.wxauth.server.logging;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link CorrelationIds} on one thread: the id is in the MDC while the chain runs and gone after, however it ends; the
 * error page's dispatch keeps its request's id. (Over real HTTP: {@code RequestCorrelationTests}.)
 */
class CorrelationIdsTests {

	final CorrelationIds filter = new CorrelationIds();

	@Test
	void filterWhenChainThrowsThenIdLeavesTheMdc() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
		request.addHeader(CorrelationIds.HEADER, "req-42");
		AtomicReference<String> logged = new AtomicReference<>();

		assertThatIllegalStateException().isThrownBy(() -> this.filter.doFilter(request,
				new MockHttpServletResponse(), (req, res) -> {
					logged.set(MDC.get(CorrelationIds.MDC_KEY));
					throw new IllegalStateException("failed");
				}));

		assertThat(logged).hasValue("req-42");
		assertThat(MDC.get(CorrelationIds.MDC_KEY)).isNull();
	}

	@Test
	void filterWhenErrorDispatchThenItsRequestsId() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/no-such-page");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		String id = response.getHeader(CorrelationIds.HEADER);
		request.setDispatcherType(DispatcherType.ERROR);
		MockHttpServletResponse errorPage = new MockHttpServletResponse();
		AtomicReference<String> logged = new AtomicReference<>();

		this.filter.doFilter(request, errorPage,
				(req, res) -> logged.set(MDC.get(CorrelationIds.MDC_KEY)));

		assertThat(errorPage.getHeader(CorrelationIds.HEADER)).isEqualTo(id);
		assertThat(logged).hasValue(id);
		assertThat(MDC.get(CorrelationIds.MDC_KEY)).isNull();
	}

	@Test
	void newIdWhenDrawnThenUrlSafe128Bits() {
		assertThat(CorrelationIds.newId()).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(CorrelationIds.newId());
	}

}
