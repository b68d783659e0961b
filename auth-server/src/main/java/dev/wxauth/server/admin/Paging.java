package dev.wxauth.server.admin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * How the admin API's lists page: at most {@code limit} items (1 to {@link #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when
 * not given), and a {@code next_cursor} to ask for the page after, opaque to callers (it names the last item sent, so
 * a page never repeats nor skips an item that another request inserts or deletes meanwhile).
 */
public final class Paging {

	public static final int DEFAULT_LIMIT = 50;

	public static final int MAX_LIMIT = 200;

	private static final String VERSION = "1:";

	private Paging() {
	}

	/** {@code limit} as a query parameter gave it. */
	public static int limit(@Nullable String limit) {
		if (limit == null) {
			return DEFAULT_LIMIT;
		}
		try {
			int value = Integer.parseInt(limit);
			if (value >= 1 && value <= MAX_LIMIT) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// refused below
		}
		throw InvalidFieldsException.of("limit", "must be a whole number from 1 to " + MAX_LIMIT);
	}

	/**
	 * A list's filter as a query parameter gave it: never a control character, which names nothing we keep (and
	 * which PostgreSQL would refuse with an error).
	 */
	public static @Nullable String filter(String name, @Nullable String value) {
		if (value != null && value.chars().anyMatch(Character::isISOControl)) {
			throw InvalidFieldsException.of(name, "must not contain control characters");
		}
		return value;
	}

	/**
	 * The position a {@code cursor} query parameter names, read as the list's key ({@code parse} refuses what is not
	 * one with an {@link IllegalArgumentException}), or {@code null} for the first page.
	 */
	public static <T> @Nullable T position(@Nullable String cursor, Function<String, T> parse) {
		String position = position(cursor);
		try {
			return (position != null) ? parse.apply(position) : null;
		}
		catch (IllegalArgumentException ex) {
			throw notACursor();
		}
	}

	/** The position a {@code cursor} query parameter names, or {@code null} for the first page. */
	public static @Nullable String position(@Nullable String cursor) {
		if (cursor == null) {
			return null;
		}
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			// a position is an id we wrote: never a control character, which PostgreSQL would refuse with an error
			if (decoded.startsWith(VERSION) && decoded.chars().noneMatch(Character::isISOControl)) {
				return decoded.substring(VERSION.length());
			}
		}
		catch (IllegalArgumentException ex) {
			// refused below
		}
		throw notACursor();
	}

	private static InvalidFieldsException notACursor() {
		return InvalidFieldsException.of("cursor", "is not a cursor this API gave: use next_cursor as it came");
	}

	/**
	 * A page of {@code items}, read with one more than {@code limit} so that the last page says it is the last.
	 * @param position the position of an item, which the next page starts after
	 */
	public static <T> Page<T> page(List<T> itemsAndOneMore, int limit, Function<T, String> position) {
		if (itemsAndOneMore.size() <= limit) {
			return new Page<>(itemsAndOneMore, null);
		}
		List<T> items = itemsAndOneMore.subList(0, limit);
		String next = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((VERSION + position.apply(items.getLast())).getBytes(StandardCharsets.UTF_8));
		return new Page<>(List.copyOf(items), next);
	}

	/** A page as the API answers it; {@code next_cursor} is absent on the last page. */
	public record Page<T>(List<T> items,
			@JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String nextCursor) {

		public <R> Page<R> map(Function<T, R> mapping) {
			return new Page<>(this.items.stream().map(mapping).toList(), this.nextCursor);
		}

	}

}
