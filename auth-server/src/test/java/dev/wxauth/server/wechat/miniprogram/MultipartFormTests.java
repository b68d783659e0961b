package dev.wxauth.server.wechat.miniprogram;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bodies {@link MultipartForm} reads (RFC 2046's preamble, padding and epilogue; quoted names) and those it
 * refuses.
 */
class MultipartFormTests {

	static MultipartForm parse(String body, String boundary) {
		return MultipartForm.parse(body.getBytes(StandardCharsets.UTF_8), boundary);
	}

	static void assertMalformed(String body) {
		assertThatExceptionOfType(MultipartForm.MalformedMultipartException.class).isThrownBy(() -> parse(body, "b"));
	}

	@Test
	void parseWhenPreamblePaddingAndEpilogueThenPartsByName() {
		MultipartForm form = parse("preamble\r\n--b \t\r\nContent-Disposition: form-data; name=\"nickname\"\r\n\r\n"
				+ "\u7231\u4E3D\u4E1D\r\n--b\r\ncontent-disposition: FORM-DATA; filename=\"a;b\\\".png\"; name=avatar\r\n"
				+ "Content-Type: image/png\r\n\r\n\r\n--x\r\n--b--\r\nepilogue", "b");

		assertThat(form.contents("nickname")).containsExactly("\u7231\u4E3D\u4E1D".getBytes(StandardCharsets.UTF_8));
		assertThat(form.contents("avatar")).containsExactly("\r\n--x".getBytes(StandardCharsets.US_ASCII));
		assertThat(form.contents("other")).isEmpty();
	}

	@Test
	void parseWhenNoPartsThenEmpty() {
		assertThat(parse("--b--", "b").contents("nickname")).isEmpty();
	}

	@Test
	void parseWhenMalformedThenRefused() {
		assertMalformed("");
		assertMalformed("--b");
		assertMalformed("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue");
		assertMalformed("--bx\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--b--");
		assertMalformed("--b\r\n\r\nno headers\r\n--b--");
		assertMalformed("--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--b--");
		assertMalformed("--b\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nv\r\n--b--");
		assertMalformed("--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--b--");
		assertMalformed("--b\r\nno colon\r\n\r\nv\r\n--b--");
		assertMalformed("--b\nContent-Disposition: form-data; name=\"a\"\n\nv\n--b--");
		assertMalformed("--b\r\nContent-Disposition: form-data; name=\"a\"\r\nX: " + "x".repeat(5000)
				+ "\r\n\r\nv\r\n--b--");
		assertMalformed(("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n").repeat(9) + "--b--");
		assertThatExceptionOfType(MultipartForm.MalformedMultipartException.class)
			.isThrownBy(() -> parse("--" + "b".repeat(71) + "--", "b".repeat(71)));
		assertThatExceptionOfType(MultipartForm.MalformedMultipartException.class)
			.isThrownBy(() -> parse("--a\r\n--", "a\r\n"));
	}

}
