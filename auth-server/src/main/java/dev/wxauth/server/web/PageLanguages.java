package dev.wxauth.server.web;

import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/**
 * The language of our pages: the one a page's language link asks for ({@code ?lang=zh-CN} or {@code ?lang=en}), else
 * the browser's ({@code Accept-Language}, Spring's default). The link names only the languages our messages exist in;
 * any other value of it is ignored. Nothing is remembered: a page that offers the switch keeps the parameter in its
 * own links.
 */
final class PageLanguages extends AcceptHeaderLocaleResolver {

	static final String PARAMETER = "lang";

	private static final Map<String, Locale> LINKED = Map.of("zh-CN", Locale.SIMPLIFIED_CHINESE, "en", Locale.ENGLISH);

	/** The language the request's link asks for, as the link names it; {@code null} when it names none of ours. */
	static @Nullable String linked(HttpServletRequest request) {
		String asked = request.getParameter(PARAMETER);
		return (asked != null && LINKED.containsKey(asked)) ? asked : null;
	}

	@Override
	public Locale resolveLocale(HttpServletRequest request) {
		String asked = request.getParameter(PARAMETER);
		Locale linked = (asked != null) ? LINKED.get(asked) : null;
		return (linked != null) ? linked : super.resolveLocale(request);
	}

}
