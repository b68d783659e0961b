package dev.wxauth.server.wechat.miniprogram;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.util.Assert;

/**
 * A {@code multipart/form-data} body (RFC 7578) that was read whole, within a bound, before this looks at it: each
 * part's name and content, nothing else (a file name or a declared type says nothing we would trust). No other
 * endpoint takes multipart bodies, so none is parsed anywhere else (the container's parsing is off); this one reads
 * what {@code wx.uploadFile} sends and refuses the rest: delimiters as RFC 2046 §5.1.1 writes them, header lines
 * ending in CRLF, at most {@value #MAX_PARTS} parts and {@value #MAX_HEADER_BYTES} bytes of headers a part.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7578">RFC 7578</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2046#section-5.1.1">RFC 2046 §5.1.1</a>
 */
final class MultipartForm {

	static final int MAX_PARTS = 8;

	static final int MAX_HEADER_BYTES = 4096;

	/** RFC 2046 §5.1.1: one to seventy characters. */
	private static final int MAX_BOUNDARY_LENGTH = 70;

	private static final byte[] CRLF = { '\r', '\n' };

	private static final byte[] CRLF_CRLF = { '\r', '\n', '\r', '\n' };

	private static final byte[] DASH_DASH = { '-', '-' };

	private final List<Part> parts;

	private MultipartForm(List<Part> parts) {
		this.parts = List.copyOf(parts);
	}

	/**
	 * @param boundary the {@code boundary} parameter of the body's {@code Content-Type}, unquoted
	 * @throws MalformedMultipartException for anything but a complete, well-formed body
	 */
	static MultipartForm parse(byte[] body, String boundary) {
		Assert.notNull(body, "body cannot be null");
		Assert.notNull(boundary, "boundary cannot be null");
		if (boundary.isEmpty() || boundary.length() > MAX_BOUNDARY_LENGTH
				|| !boundary.chars().allMatch((c) -> c > 0x20 && c < 0x7f || c == ' ') || boundary.endsWith(" ")) {
			throw new MalformedMultipartException("The boundary is not one RFC 2046 allows");
		}
		byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
		// the first delimiter opens the body, or ends a preamble on a line of its own
		int position = startsWith(body, 0, Arrays.copyOfRange(delimiter, 2, delimiter.length)) ? delimiter.length - 2
				: end(body, delimiter, 0);
		List<Part> parts = new ArrayList<>();
		while (!startsWith(body, position, DASH_DASH)) {
			while (position < body.length && (body[position] == ' ' || body[position] == '\t')) {
				position++;
			}
			if (!startsWith(body, position, CRLF)) {
				throw new MalformedMultipartException("A boundary line carries more than the boundary");
			}
			position += CRLF.length;
			int headersEnd = startsWith(body, position, CRLF) ? position : indexOf(body, CRLF_CRLF, position);
			if (headersEnd < 0 || headersEnd - position > MAX_HEADER_BYTES) {
				throw new MalformedMultipartException("A part's headers do not end, or are too long");
			}
			int contentStart = headersEnd + ((headersEnd == position) ? CRLF.length : CRLF_CRLF.length);
			int contentEnd = indexOf(body, delimiter, contentStart);
			if (contentEnd < 0) {
				throw new MalformedMultipartException("The body ends before its closing boundary");
			}
			if (parts.size() == MAX_PARTS) {
				throw new MalformedMultipartException("More than " + MAX_PARTS + " parts");
			}
			parts.add(new Part(name(body, position, headersEnd), Arrays.copyOfRange(body, contentStart, contentEnd)));
			position = contentEnd + delimiter.length;
		}
		// the close delimiter; an epilogue after it means nothing
		return new MultipartForm(parts);
	}

	/** The parts named {@code name}, in the body's order. */
	List<byte[]> contents(String name) {
		return this.parts.stream().filter((part) -> part.name().equals(name)).map(Part::content).toList();
	}

	/** The {@code name} of a part's {@code Content-Disposition: form-data; name="..."}. */
	private static String name(byte[] body, int from, int to) {
		String name = null;
		for (String line : decode(body, from, to).split("\r\n", -1)) {
			int colon = line.indexOf(':');
			if (colon <= 0) {
				throw new MalformedMultipartException("A part's header line has no name");
			}
			if (line.substring(0, colon).strip().equalsIgnoreCase("Content-Disposition")) {
				if (name != null) {
					throw new MalformedMultipartException("A part has two Content-Disposition headers");
				}
				name = formDataName(line.substring(colon + 1));
			}
		}
		if (name == null) {
			throw new MalformedMultipartException("A part has no Content-Disposition: form-data with a name");
		}
		return name;
	}

	/**
	 * {@code form-data} and its parameters, split at the semicolons outside quoted strings (RFC 7578 §4.2 and RFC 2183
	 * §2: a name may carry any character in quotes).
	 */
	private static String formDataName(String value) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (quoted && c == '\\' && i + 1 < value.length()) {
				field.append(c).append(value.charAt(++i));
			}
			else if (c == '"') {
				quoted = !quoted;
				field.append(c);
			}
			else if (c == ';' && !quoted) {
				fields.add(field.toString().strip());
				field.setLength(0);
			}
			else {
				field.append(c);
			}
		}
		if (quoted) {
			throw new MalformedMultipartException("A Content-Disposition header has an unterminated quoted string");
		}
		fields.add(field.toString().strip());
		if (!fields.getFirst().equalsIgnoreCase("form-data")) {
			throw new MalformedMultipartException("A part is not form-data");
		}
		for (String parameter : fields.subList(1, fields.size())) {
			int equals = parameter.indexOf('=');
			if (equals > 0 && parameter.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("name")) {
				return unquote(parameter.substring(equals + 1).strip());
			}
		}
		throw new MalformedMultipartException("A part has no name");
	}

	private static String unquote(String value) {
		if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
			return value;
		}
		StringBuilder unquoted = new StringBuilder();
		for (int i = 1; i < value.length() - 1; i++) {
			char c = value.charAt(i);
			unquoted.append((c == '\\' && i + 1 < value.length() - 1) ? value.charAt(++i) : c);
		}
		return unquoted.toString();
	}

	/** Header lines in UTF-8, which takes ASCII as it is. */
	private static String decode(byte[] body, int from, int to) {
		try {
			return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body, from, to - from)).toString();
		}
		catch (CharacterCodingException ex) {
			throw new MalformedMultipartException("A part's headers are not UTF-8");
		}
	}

	/** Where the first {@code delimiter} at or after {@code from} ends. */
	private static int end(byte[] body, byte[] delimiter, int from) {
		int at = indexOf(body, delimiter, from);
		if (at < 0) {
			throw new MalformedMultipartException("The body has no boundary");
		}
		return at + delimiter.length;
	}

	private static boolean startsWith(byte[] body, int offset, byte[] prefix) {
		return offset >= 0 && body.length - offset >= prefix.length
				&& Arrays.equals(body, offset, offset + prefix.length, prefix, 0, prefix.length);
	}

	private static int indexOf(byte[] body, byte[] pattern, int from) {
		int last = body.length - pattern.length;
		for (int i = from; i <= last; i++) {
			if (body[i] == pattern[0] && startsWith(body, i, pattern)) {
				return i;
			}
		}
		return -1;
	}

	private record Part(String name, byte[] content) {
	}

	/** Not a well-formed {@code multipart/form-data} body. */
	static final class MalformedMultipartException extends RuntimeException {

		MalformedMultipartException(String message) {
			super(message);
		}

	}

	@Override
	public String toString() {
		return "MultipartForm[" + this.parts.size() + " parts]";
	}

}
