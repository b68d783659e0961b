package dev.wxauth.server.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

	/** The form of {@code page} with the id {@code id}; fails the test when there is none. */
	public static Form form(String page, String id) {
		Matcher form = Pattern
			.compile("<form\\b([^>]*\\sid=\"" + Pattern.quote(id) + "\"[^>]*)>(.*?)</form>", Pattern.DOTALL)
			.matcher(page);
		assertThat(form.find()).as("form " + id + " in " + page).isTrue();
		List<Map.Entry<String, String>> fields = new ArrayList<>();
		Matcher input = Pattern.compile("<input\\b([^>]*)>").matcher(form.group(2));
		while (input.find()) {
			String name = attribute(input.group(1), "name");
			if (name != null) {
				String value = attribute(input.group(1), "value");
				fields.add(Map.entry(name, (value != null) ? value : ""));
			}
		}
		return new Form(attribute(form.group(1), "action"), List.copyOf(fields));
	}

	private static String attribute(String attributes, String name) {
		Matcher matcher = Pattern.compile("(?:^|\\s)" + name + "=\"([^\"]*)\"").matcher(attributes);
		return matcher.find() ? unescaped(matcher.group(1)) : null;
	}

	/** Text as a browser reads it from an HTML attribute. */
	public static String unescaped(String html) {
		return html.replace("&quot;", "\"")
			.replace("&#39;", "'")
			.replace("&lt;", "<")
			.replace("&gt;", ">")
			.replace("&amp;", "&");
	}

	/**
	 * A form as a browser would submit it.
	 * @param action where it posts (as the page says: a path, usually)
	 * @param fields its inputs' names and values, in order
	 */
	public record Form(String action, List<Map.Entry<String, String>> fields) {

		/** The value of the first field named {@code name}; fails the test when there is none. */
		public String value(String name) {
			return this.fields.stream()
				.filter((field) -> field.getKey().equals(name))
				.map(Map.Entry::getValue)
				.findFirst()
				.orElseThrow(() -> new AssertionError("no field " + name + " in " + this.fields));
		}

		/** The values of every field named {@code name}, in order. */
		public List<String> values(String name) {
			return this.fields.stream().filter((field) -> field.getKey().equals(name)).map(Map.Entry::getValue).toList();
		}

		/** The same form without the fields named {@code name}. */
		public Form without(String name) {
			return new Form(this.action,
					this.fields.stream().filter((field) -> !field.getKey().equals(name)).toList());
		}

		/** The same form with another field added at the end. */
		public Form with(String name, String value) {
			List<Map.Entry<String, String>> more = new ArrayList<>(this.fields);
			more.add(Map.entry(name, value));
			return new Form(this.action, List.copyOf(more));
		}

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
