package dev.wxauth.server.web;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.header.HeaderWriter;

/**
 * The Content-Security-Policy of our HTML pages: nothing but what the page itself carries, its one inline style and
 * any inline script let in by a nonce fresh for each response, no framing by any site (clickjacking), no
 * {@code <base>} and no plugins. A page that needs more (the QR login: WeChat's widget script and the QR page it
 * frames; the consent page: the client's logo) names it for its own response with {@link #allow} or
 * {@link #allowImages}. An injected tag finds nothing it may load or run.
 * Written at commit, so that the controller has had its say.
 */
public final class PagePolicies implements HeaderWriter {

	/** The request attribute, and the model attribute, of the response's nonce. */
	public static final String NONCE = "cspNonce";

	private static final String EXTRA_SCRIPTS = PagePolicies.class.getName() + ".scripts";

	private static final String EXTRA_FRAMES = PagePolicies.class.getName() + ".frames";

	private static final String EXTRA_IMAGES = PagePolicies.class.getName() + ".images";

	private static final SecureRandom random = new SecureRandom();

	/** This response's nonce, made on first use. */
	public static String nonce(HttpServletRequest request) {
		if (request.getAttribute(NONCE) instanceof String nonce) {
			return nonce;
		}
		byte[] bytes = new byte[18];
		random.nextBytes(bytes);
		String nonce = Base64.getEncoder().encodeToString(bytes);
		request.setAttribute(NONCE, nonce);
		return nonce;
	}

	/** Lets this response's page load scripts from {@code scriptOrigins} and frame {@code frameOrigins}. */
	static void allow(HttpServletRequest request, List<String> scriptOrigins, List<String> frameOrigins) {
		request.setAttribute(EXTRA_SCRIPTS, String.join(" ", scriptOrigins));
		request.setAttribute(EXTRA_FRAMES, String.join(" ", frameOrigins));
	}

	/** Lets this response's page load images from {@code origin} (a scheme, host and port) too. */
	static void allowImages(HttpServletRequest request, String origin) {
		request.setAttribute(EXTRA_IMAGES, origin);
	}

	@Override
	public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
		String nonce = "'nonce-" + nonce(request) + "'";
		String scripts = (request.getAttribute(EXTRA_SCRIPTS) instanceof String extra) ? " " + extra : "";
		String frames = (request.getAttribute(EXTRA_FRAMES) instanceof String extra) ? extra : "'none'";
		String images = (request.getAttribute(EXTRA_IMAGES) instanceof String extra) ? " " + extra : "";
		response.setHeader("Content-Security-Policy", "default-src 'none'; script-src " + nonce + scripts
				+ "; style-src " + nonce + "; img-src 'self' data:" + images + "; frame-src " + frames
				+ "; frame-ancestors 'none'; base-uri 'none'; object-src 'none'");
	}

}
