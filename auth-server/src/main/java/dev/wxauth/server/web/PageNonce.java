package dev.wxauth.server.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives every page's template the nonce its inline style and scripts carry ({@link PagePolicies}). */
@ControllerAdvice
final class PageNonce {

	@ModelAttribute(PagePolicies.NONCE)
	String nonce(HttpServletRequest request) {
		return PagePolicies.nonce(request);
	}

}
