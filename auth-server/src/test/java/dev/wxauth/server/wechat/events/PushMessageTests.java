package dev.wxauth.server.wechat.events;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Pushes as WeChat's documentation shows them, in XML and in JSON (one of its JSON samples with spaces inside names
 * and a comma before the closing brace), and bodies that are refused.
 *
 * @see <a href="https://developers.weixin.qq.com/doc/service/guide/h5/authorization_change.html">Authorized user
 * information changes</a>
 */
class PushMessageTests {

	@Test
	void parseWhenWeChatsXmlSampleThenItsFields() {
		PushMessage message = parse("""
				<xml>
				<ToUserName><![CDATA[gh_870882ca4b1]]></ToUserName>
				<FromUserName><![CDATA[owAqB1v0ahK_Xlc7GshIDdf2yf7E]]></FromUserName>
				<CreateTime>1626857200</CreateTime>
				<MsgType><![CDATA[event]]></MsgType>
				<Event><![CDATA[user_authorization_revoke]]></Event>
				<OpenID><![CDATA[owAqB1nqaOYYWl0Ng484G2z5NIwU]]></OpenID>
				<AppID><![CDATA[wx13974bf780d3dc89]]></AppID>
				<RevokeInfo><![CDATA[1]]></RevokeInfo>
				</xml>
				""");

		assertThat(message.field("Event")).isEqualTo("user_authorization_revoke");
		assertThat(message.field("OpenID")).isEqualTo("owAqB1nqaOYYWl0Ng484G2z5NIwU");
		assertThat(message.field("AppID")).isEqualTo("wx13974bf780d3dc89");
		assertThat(message.field("CreateTime")).isEqualTo("1626857200");
		assertThat(message.field("UnionID")).isNull();
		assertThat(PersonEvents.eventOf(message)).isEqualTo(PersonEvents.REVOKE);
		assertThat(message.toString()).doesNotContain("owAqB1nqaOYYWl0Ng484G2z5NIwU");
	}

	@Test
	void parseWhenWeChatsJsonSampleWithSpacesInNamesAndATrailingCommaThenItsFields() {
		PushMessage message = parse("""
				{
				"ToUserName": "gh_870882ca4b1",
				"FromUserName": "oaKk346BaWE-eIn4oSRWbaM9vR7s",
				"CreateTime": 1627359464,
				"MsgType": "event",
				"Event": "user_authorization_revoke",
				" OpenID": "oaKk343WOktAaT2ygsX138BGblrg",
				" AppID": "wx13974bf780d3dc89",
				" RevokeInfo": "201",
				}
				""");

		assertThat(message.field("OpenID")).isEqualTo("oaKk343WOktAaT2ygsX138BGblrg");
		assertThat(message.field("AppID")).isEqualTo("wx13974bf780d3dc89");
		assertThat(message.field("CreateTime")).isEqualTo("1627359464");
		assertThat(PersonEvents.eventOf(message)).isEqualTo(PersonEvents.REVOKE);
	}

	@Test
	void parseWhenSafeModeEnvelopeThenEncrypt() {
		assertThat(parse("<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[abc+/=]]></Encrypt></xml>")
			.field("Encrypt")).isEqualTo("abc+/=");
		assertThat(parse("{\"ToUserName\":\"gh_1\",\"Encrypt\":\"abc+/=\"}").field("Encrypt")).isEqualTo("abc+/=");
	}

	@Test
	void eventOfWhenAnotherMessageThenOther() {
		assertThat(PersonEvents.eventOf(parse("<xml><MsgType>text</MsgType><Content>hi</Content></xml>")))
			.isEqualTo(PersonEvents.OTHER);
		assertThat(PersonEvents.eventOf(parse("{\"MsgType\":\"event\",\"Event\":\"subscribe\"}")))
			.isEqualTo(PersonEvents.OTHER);
	}

	@Test
	void parseWhenANameTwiceThenMalformed() {
		assertMalformed("{\"OpenID\":\"a\",\" OpenID\":\"b\"}");
		assertMalformed("<xml><OpenID>a</OpenID><OpenID>b</OpenID></xml>");
	}

	@Test
	void parseWhenDocumentTypeOrEntityThenMalformedAndNothingFetched() {
		assertMalformed("<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
				+ "<xml><OpenID>&x;</OpenID></xml>");
		assertMalformed("<!DOCTYPE xml SYSTEM \"http://localhost:1/dtd\"><xml/>");
	}

	@Test
	void parseWhenNeitherXmlNorJsonThenMalformed() {
		for (String body : new String[] { "", "   ", "success", "[1, 2]", "{", "<xml>", "<other/>", "null" }) {
			assertMalformed(body);
		}
	}

	private static PushMessage parse(String body) {
		return PushMessage.parse(body.getBytes(StandardCharsets.UTF_8));
	}

	private static void assertMalformed(String body) {
		assertThatExceptionOfType(InvalidPushException.class).as(body)
			.isThrownBy(() -> parse(body))
			.satisfies((ex) -> assertThat(ex.outcome()).isEqualTo("malformed"));
	}

}
