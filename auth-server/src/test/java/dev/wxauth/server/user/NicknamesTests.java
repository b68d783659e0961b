package dev.wxauth.server.user;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a chosen name may be ({@link Nicknames}).
 */
class NicknamesTests {

	static void assertRefused(String nickname) {
		assertThatExceptionOfType(Nicknames.InvalidNicknameException.class)
			.isThrownBy(() -> Nicknames.normalized(nickname));
	}

	@Test
	void normalizedWhenSpacesAroundThenTrimmedAndComposed() {
		assertThat(Nicknames.normalized("\u3000 Cafe\u0301 \t")).isEqualTo("Caf\u00e9");
	}

	@Test
	void normalizedWhenSixtyFourEmojiThenKeptAndSixtyFiveRefused() {
		String emoji = "\uD83D\uDE00";

		assertThat(Nicknames.normalized(emoji.repeat(64))).isEqualTo(emoji.repeat(64));
		assertRefused(emoji.repeat(65));
	}

	@Test
	void normalizedWhenEmojiSequencesThenTheirJoinersAndTagsKept() {
		String family = "\uD83D\uDC69\u200D\uD83D\uDC67";
		String england = "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67\uDB40\uDC7F";

		assertThat(Nicknames.normalized(family + england)).isEqualTo(family + england);
	}

	@Test
	void normalizedWhenControlOrHidingCharactersThenRefused() {
		assertRefused("a\u0000b");
		assertRefused("a\nb");
		assertRefused("a\u007fb");
		assertRefused("a\u0085b");
		assertRefused("a\u202Eb");
		assertRefused("a\u2066b");
		assertRefused("a\u200Bb");
		assertRefused("a\u00ADb");
		assertRefused("a\u2028b");
		assertRefused("a\uFEFFb");
		assertRefused("a\uD800b");
		assertRefused("a\uDC00");
		assertRefused("");
		assertRefused(" \t ");
	}

}
