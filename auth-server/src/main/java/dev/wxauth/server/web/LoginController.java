package dev.wxauth.server.web;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Where a signed-out browser lands. People sign in only through WeChat; until a WeChat app is configured there is
 * no way in, and this page says so rather than showing a password form we do not support.
 */
@Controller
final class LoginController {

	private static final String PAGE = """
			<!doctype html>
			<html lang="en"><head><meta charset="utf-8"><title>wxauth: sign in</title></head>
			<body><h1>Sign in</h1>
			<p>wxauth signs people in with WeChat only, and no WeChat app is configured on this server yet.</p>
			</body></html>
			""";

	@GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
	@ResponseBody
	String login() {
		return PAGE;
	}

}
