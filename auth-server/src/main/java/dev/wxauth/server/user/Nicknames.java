package dev.wxauth.server.user;

import java.text.Normalizer;

import org.springframework.util.Assert;

/**
 * What a name a person chooses for themselves may be: one line of {@value #MAX_CODE_POINTS} characters at most
 * (code points: an emoji counts once, not as its two UTF-16 halves), without control characters (a line break, a NUL,
 * ...), without the invisible characters that reorder or hide text (bidirectional overrides and isolates, zero-width
 * spaces, soft hyphens), trimmed and in Unicode's composed form (NFC), so that one name looks and compares the same
 * wherever it is shown. The joiners and emoji tags that build emoji sequences (family, flags of regions) stay.
 *
 * @see <a href="https://www.unicode.org/reports/tr9/#Explicit_Directional_Formatting_Characters">UAX #9, explicit
 * directional formatting</a>
 */
public final class Nicknames {

	public static final int MAX_CODE_POINTS = 64;

	private static final int ZERO_WIDTH_NON_JOINER = 0x200C;

	private static final int ZERO_WIDTH_JOINER = 0x200D;

	private Nicknames() {
	}

	/**
	 * @return {@code nickname}, trimmed and composed
	 * @throws InvalidNicknameException when it is empty once trimmed, too long, or carries a character refused above
	 */
	public static String normalized(String nickname) {
		Assert.notNull(nickname, "nickname cannot be null");
		for (int i = 0; i < nickname.length(); i++) {
			char c = nickname.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < nickname.length()
					&& Character.isLowSurrogate(nickname.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				throw new InvalidNicknameException("The nickname is not valid Unicode (half a surrogate pair)");
			}
		}
		String name = Normalizer.normalize(nickname, Normalizer.Form.NFC).strip();
		if (name.isEmpty()) {
			throw new InvalidNicknameException("The nickname is empty");
		}
		int length = name.codePointCount(0, name.length());
		if (length > MAX_CODE_POINTS) {
			throw new InvalidNicknameException(
					"The nickname is " + length + " characters long: at most " + MAX_CODE_POINTS + " are kept");
		}
		name.codePoints().filter(Nicknames::isRefused).findFirst().ifPresent((refused) -> {
			throw new InvalidNicknameException(
					"The nickname carries a control or invisible formatting character (U+%04X)".formatted(refused));
		});
		return name;
	}

	private static boolean isRefused(int codePoint) {
		return switch (Character.getType(codePoint)) {
			case Character.CONTROL, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
			// bidirectional marks, embeddings, overrides and isolates; zero-width spaces; soft hyphens; ... but
			// what emoji sequences and some scripts need
			case Character.FORMAT -> codePoint != ZERO_WIDTH_JOINER && codePoint != ZERO_WIDTH_NON_JOINER
					&& !isEmojiTag(codePoint);
			default -> false;
		};
	}

	/** The tag characters that spell a region's flag after U+1F3F4 (England, Scotland, Wales). */
	private static boolean isEmojiTag(int codePoint) {
		return codePoint >= 0xE0020 && codePoint <= 0xE007F;
	}

	/** The nickname is not one we keep; the message says why, for the app's developer. */
	public static final class InvalidNicknameException extends RuntimeException {

		InvalidNicknameException(String message) {
			super(message);
		}

	}

}
