package dev.wxauth.server.web;

import java.util.Set;

import org.springframework.http.MediaType;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Which requests come from a person's browser: those that explicitly accept HTML. A client that sends no
 * {@code Accept} header (or {@code *}{@code /*}) gets no login redirect and no saved request.
 */
public final class BrowserRequests {

	private BrowserRequests() {
	}

	public static RequestMatcher matcher() {
		MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return matcher;
	}

}
