package dev.wxauth.server.testing;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What tests read out of pages and how they wait for something to happen elsewhere. */
public final class Pages {

	private Pages() {
	}

	/** The first group of {@code regex}'s first match in {@code text}; fails the test when there is none. */
	public static String matched(String text, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(text);
		assertThat(matcher.find()).as(regex + " in " + text).isTrue();
		return matcher.group(1);
	}

	/** Sleeps, turning an interruption into a failure. */
	public static void pause(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
