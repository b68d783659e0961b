package dev.wxauth.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.1 written by hand on a socket, for requests no HTTP client sends: a request target that is not a valid URI
 * ({@code ?%s}, raw spaces, control characters), headers that break the grammar, bytes that are not UTF-8, a body
 * sent slowly.
 */
public final class RawHttp {

	private final String host;

	private final int port;

	public RawHttp(String baseUrl) {
		URI uri = URI.create(baseUrl);
		this.host = uri.getHost();
		this.port = uri.getPort();
	}

	/** {@code GET target} with {@code Accept}, as written, and {@code Connection: close}. */
	public Response get(String target, String accept) {
		return send(("GET " + target + " HTTP/1.1\r\nHost: " + this.host + "\r\nAccept: " + accept
				+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
	}

	/**
	 * Writes {@code request} exactly as given and reads the answer until the server closes the connection; an interim
	 * answer ({@code 100 Continue}) is skipped for the final one.
	 */
	public Response send(byte[] request) {
		try (Socket socket = new Socket(this.host, this.port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
			socket.shutdownOutput();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			in.transferTo(answer);
			String text = answer.toString(StandardCharsets.UTF_8);
			while (text.startsWith("HTTP/1.1 1") && text.indexOf("\r\n\r\n") > 0) {
				text = text.substring(text.indexOf("\r\n\r\n") + 4);
			}
			return new Response(text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Writes {@code head}, then {@code body} a few bytes at a time, {@code pause} apart, as a slow client would, while
	 * it reads the answer until the server closes the connection or {@code patience} has passed (then what came so
	 * far, status {@code 0} for nothing).
	 */
	public Response trickle(byte[] head, byte[] body, int bytesAtATime, Duration pause, Duration patience) {
		try (Socket socket = new Socket(this.host, this.port)) {
			socket.setSoTimeout((int) patience.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(head);
			out.flush();
			Thread writer = Thread.ofVirtual().start(() -> {
				try {
					for (int at = 0; at < body.length; at += bytesAtATime) {
						out.write(body, at, Math.min(bytesAtATime, body.length - at));
						out.flush();
						Thread.sleep(pause);
					}
				}
				catch (IOException | InterruptedException ex) {
					// the server closed the connection, or the answer came: nothing more to send
				}
			});
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			try {
				socket.getInputStream().transferTo(answer);
			}
			catch (SocketTimeoutException ex) {
				// out of patience: what came so far
			}
			writer.interrupt();
			return new Response(answer.toString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The answer as text: its status, and its headers and body as they came. */
	public record Response(String text) {

		/** The status code, or {@code 0} when the server closed the connection without answering. */
		public int status() {
			if (!this.text.startsWith("HTTP/1.1 ")) {
				return 0;
			}
			return Integer.parseInt(this.text.substring(9, 12));
		}

		public String body() {
			int end = this.text.indexOf("\r\n\r\n");
			return (end >= 0) ? this.text.substring(end + 4) : "";
		}

		@Override
		public String toString() {
			return this.text;
		}

	}

}
