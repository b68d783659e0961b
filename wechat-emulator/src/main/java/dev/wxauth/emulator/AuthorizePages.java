package dev.wxauth.emulator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.HtmlUtils;

/**
 * The HTML the authorize endpoints show: WeChat's error page (HTTP 200, never a redirect) and, in place of the QR
 * code or the in-WeChat consent screen, a page where a tester picks who approves or denies. UTF-8, every value
 * HTML-escaped.
 */
final class AuthorizePages {

	private static final String STYLE = """
			body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#ededed;margin:0}
			.card{max-width:420px;margin:48px auto;background:#fff;border-radius:8px;padding:24px 28px}
			h1{font-size:20px;font-weight:500;margin:0 0 8px}
			.meta,.hint{color:#888;font-size:13px}
			ul{list-style:none;padding:0}
			li{margin:10px 0}
			a.approve{display:block;background:#07c160;color:#fff;text-decoration:none;
			border-radius:4px;padding:10px 14px}
			a.deny{display:block;color:#576b95;text-align:center;margin-top:16px}
			.errcode{color:#888}
			""";

	private AuthorizePages() {
	}

	/**
	 * WeChat's error page. {@code errcode} is null for checks WeChat's list does not name (the emulator still
	 * refuses rather than guess).
	 */
	static ResponseEntity<String> error(Integer errcode, String message) {
		StringBuilder body = new StringBuilder();
		body.append("<h1>Oops! Something went wrong:(</h1>\n");
		body.append("<p class=\"message\">").append(escape(message)).append("</p>\n");
		if (errcode != null) {
			body.append("<p class=\"errcode\">错误码 errcode: ").append(errcode).append("</p>\n");
		}
		return html("微信", body.toString());
	}

	/**
	 * Who scans (or confirms), one link per test user, and a deny link.
	 *
	 * @param approveLink the link approving as a given user id
	 * @param denyLink the link denying
	 */
	static ResponseEntity<String> choice(AuthorizeFlow flow, WeChatApp app, String scope, List<TestUser> users,
			Function<String, String> approveLink, String denyLink) {
		String action = (flow == AuthorizeFlow.QR_CONNECT) ? "扫码确认 · Scan and confirm as "
				: "确认授权 · Confirm as ";
		StringBuilder body = new StringBuilder();
		body.append("<h1>").append(escape(flow.title())).append("</h1>\n");
		body.append("<p class=\"meta\">")
			.append(escape(app.appid()))
			.append(" · ")
			.append(escape(scope))
			.append("</p>\n");
		body.append("<p class=\"hint\">WeChat emulator: choose who approves.</p>\n<ul>\n");
		for (TestUser user : users) {
			body.append("<li><a class=\"approve\" data-user=\"")
				.append(escape(user.id()))
				.append("\" href=\"")
				.append(escape(approveLink.apply(user.id())))
				.append("\">")
				.append(escape(action + user.nickname()))
				.append("</a></li>\n");
		}
		body.append("</ul>\n<a class=\"deny\" href=\"").append(escape(denyLink)).append("\">拒绝 · Deny</a>\n");
		return html(flow.title(), body.toString());
	}

	private static ResponseEntity<String> html(String title, String body) {
		String page = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
				+ "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n<title>" + escape(title)
				+ "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n<div class=\"card\">\n" + body
				+ "</div>\n</body>\n</html>\n";
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noStore())
			.body(page);
	}

	/** Escapes markup characters only: nicknames keep their Chinese and emoji. */
	private static String escape(String text) {
		return HtmlUtils.htmlEscape((text != null) ? text : "", "UTF-8");
	}

}
