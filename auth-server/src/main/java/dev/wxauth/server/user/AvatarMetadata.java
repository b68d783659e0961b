package dev.wxauth.server.user;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * An avatar without what its file says beyond the picture: a photo's EXIF (the camera, the time, the GPS position it
 * was taken at, a thumbnail of the uncropped photo), XMP, comments, text chunks, and anything after the image's end.
 * The image is never decoded nor encoded again: its structure is walked, as {@link AvatarImage} walks it, and only
 * what draws the picture is copied, byte for byte (an allow-list, so that a kind of metadata not known here goes too).
 * <ul>
 * <li>JPEG: every segment but {@code APP1} to {@code APP15} and {@code COM}, except an ICC profile ({@code APP2}) and
 * Adobe's colour transform ({@code APP14}), which the colours depend on; {@code APP0} only as a JFIF header without its
 * thumbnail; the entropy-coded data as it is; nothing after the end of image.</li>
 * <li>PNG: the critical chunks and the ancillary ones that draw the image (transparency, colour space, gamma,
 * animation); never {@code tEXt}, {@code zTXt}, {@code iTXt}, {@code eXIf}, {@code tIME} or a private chunk; nothing
 * after {@code IEND}.</li>
 * <li>WebP: the chunks of the image (frames, alpha, animation, ICC profile), never {@code EXIF} or {@code XMP }, whose
 * flags in {@code VP8X} are cleared; nothing after the RIFF container.</li>
 * </ul>
 * A structure that breaks off (a file cut short) ends the copy there.
 *
 * @see <a href="https://www.w3.org/Graphics/JPEG/itu-t81.pdf">ITU T.81, B.1 and B.2</a>
 * @see <a href="https://www.w3.org/TR/png-3/#5Chunk-layout">PNG, chunk layout</a>
 * @see <a href="https://developers.google.com/speed/webp/docs/riff_container">WebP container</a>
 */
final class AvatarMetadata {

	private static final int PNG_SIGNATURE_LENGTH = 8;

	/** Ancillary chunks that change how the picture looks (or moves); every critical chunk is kept. */
	private static final Set<String> PNG_DRAWING_CHUNKS = Set.of("tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "cICP",
			"mDCV", "cLLI", "sBIT", "bKGD", "pHYs", "acTL", "fcTL", "fdAT");

	private static final Set<String> WEBP_IMAGE_CHUNKS = Set.of("VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF",
			"ICCP");

	/** A frame's own chunks ({@code ANMF}'s data after its 16-byte header). */
	private static final Set<String> WEBP_FRAME_CHUNKS = Set.of("VP8 ", "VP8L", "ALPH");

	private static final int VP8X_EXIF_AND_XMP_FLAGS = 0x08 | 0x04;

	private static final int JFIF_HEADER_LENGTH = 14;

	private AvatarMetadata() {
	}

	/**
	 * @param contentType what {@link AvatarImage} found the bytes to be
	 * @param bytes an image whose header {@link AvatarImage} has read
	 */
	static byte[] stripped(String contentType, byte[] bytes) {
		return switch (contentType) {
			case "image/jpeg" -> jpeg(bytes);
			case "image/png" -> png(bytes);
			case "image/webp" -> webp(bytes);
			default -> throw new IllegalArgumentException("Not an avatar's type: " + contentType);
		};
	}

	private static byte[] jpeg(byte[] bytes) {
		ByteArrayOutputStream kept = new ByteArrayOutputStream(bytes.length);
		kept.write(bytes, 0, 2);
		int position = 2;
		while (position + 1 < bytes.length && unsigned(bytes[position]) == 0xFF) {
			while (position + 1 < bytes.length && unsigned(bytes[position + 1]) == 0xFF) {
				// fill bytes before a marker
				position++;
			}
			if (position + 1 >= bytes.length) {
				break;
			}
			int marker = unsigned(bytes[position + 1]);
			if (marker == 0xD9) {
				kept.write(bytes, position, 2);
				break;
			}
			if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
				kept.write(bytes, position, 2);
				position += 2;
				continue;
			}
			if (position + 4 > bytes.length) {
				break;
			}
			int length = (unsigned(bytes[position + 2]) << 8) | unsigned(bytes[position + 3]);
			int end = position + 2 + length;
			if (length < 2 || end > bytes.length) {
				break;
			}
			writeJpegSegment(kept, marker, bytes, position, end);
			position = end;
			if (marker == 0xDA) {
				// the scan's entropy-coded data runs to the next marker: a 0xFF before 0x00 or a restart is data
				int data = position;
				while (position + 1 < bytes.length && !(unsigned(bytes[position]) == 0xFF
						&& unsigned(bytes[position + 1]) != 0x00 && !isRestart(unsigned(bytes[position + 1])))) {
					position++;
				}
				if (position + 1 >= bytes.length) {
					// cut short within the scan: its data as far as it goes
					position = bytes.length;
				}
				kept.write(bytes, data, position - data);
			}
		}
		return kept.toByteArray();
	}

	/** Copies the segment at {@code from} (its marker) to {@code to}, unless it is metadata. */
	private static void writeJpegSegment(ByteArrayOutputStream kept, int marker, byte[] bytes, int from, int to) {
		int data = from + 4;
		if (marker == 0xE0) {
			if (to - data >= JFIF_HEADER_LENGTH && startsWith(bytes, data, "JFIF\0")) {
				// the header without its thumbnail: no thumbnail pixels, width and height 0
				kept.write(new byte[] { (byte) 0xFF, (byte) 0xE0, 0, JFIF_HEADER_LENGTH + 2 }, 0, 4);
				kept.write(bytes, data, JFIF_HEADER_LENGTH - 2);
				kept.write(new byte[] { 0, 0 }, 0, 2);
			}
			return;
		}
		boolean metadata = (marker >= 0xE1 && marker <= 0xEF) || marker == 0xFE;
		boolean colours = (marker == 0xE2 && startsWith(bytes, data, "ICC_PROFILE\0"))
				|| (marker == 0xEE && startsWith(bytes, data, "Adobe"));
		if (!metadata || colours) {
			kept.write(bytes, from, to - from);
		}
	}

	private static boolean isRestart(int marker) {
		return marker >= 0xD0 && marker <= 0xD7;
	}

	private static byte[] png(byte[] bytes) {
		ByteArrayOutputStream kept = new ByteArrayOutputStream(bytes.length);
		kept.write(bytes, 0, PNG_SIGNATURE_LENGTH);
		int position = PNG_SIGNATURE_LENGTH;
		while (position + 12 <= bytes.length) {
			long length = uint32(bytes, position);
			if (length > bytes.length - position - 12) {
				break;
			}
			int end = position + 12 + (int) length;
			String type = new String(bytes, position + 4, 4, StandardCharsets.ISO_8859_1);
			// a chunk type's first letter is upper case for a critical chunk, which no decoder may skip
			if (Character.isUpperCase(type.charAt(0)) || PNG_DRAWING_CHUNKS.contains(type)) {
				kept.write(bytes, position, end - position);
			}
			position = end;
			if (type.equals("IEND")) {
				break;
			}
		}
		return kept.toByteArray();
	}

	private static byte[] webp(byte[] bytes) {
		ByteArrayOutputStream chunks = new ByteArrayOutputStream(bytes.length);
		int end = (int) Math.min(bytes.length, uint32LittleEndian(bytes, 4) + 8);
		riffChunks(chunks, bytes, 12, end, WEBP_IMAGE_CHUNKS);
		byte[] kept = chunks.toByteArray();
		ByteArrayOutputStream webp = new ByteArrayOutputStream(kept.length + 12);
		webp.write(bytes, 0, 4);
		webp.writeBytes(littleEndian32(kept.length + 4));
		webp.write(bytes, 8, 4);
		webp.writeBytes(kept);
		return webp.toByteArray();
	}

	/** Copies the chunks from {@code from} to {@code to} whose FourCC is in {@code allowed}. */
	private static void riffChunks(ByteArrayOutputStream kept, byte[] bytes, int from, int to, Set<String> allowed) {
		int position = from;
		while (position + 8 <= to) {
			long length = uint32LittleEndian(bytes, position + 4);
			long padded = length + (length % 2);
			if (padded > to - position - 8) {
				break;
			}
			int end = position + 8 + (int) padded;
			String fourCc = new String(bytes, position, 4, StandardCharsets.ISO_8859_1);
			if (fourCc.equals("VP8X") && length >= 1) {
				byte[] header = Arrays.copyOfRange(bytes, position, end);
				header[8] &= (byte) ~VP8X_EXIF_AND_XMP_FLAGS;
				kept.writeBytes(header);
			}
			else if (fourCc.equals("ANMF") && length >= 16) {
				ByteArrayOutputStream frame = new ByteArrayOutputStream((int) padded);
				frame.write(bytes, position + 8, 16);
				riffChunks(frame, bytes, position + 24, end, WEBP_FRAME_CHUNKS);
				kept.write(bytes, position, 4);
				kept.writeBytes(littleEndian32(frame.size()));
				kept.writeBytes(frame.toByteArray());
			}
			else if (allowed.contains(fourCc)) {
				kept.write(bytes, position, end - position);
			}
			position = end;
		}
	}

	private static boolean startsWith(byte[] bytes, int offset, String prefix) {
		byte[] expected = prefix.getBytes(StandardCharsets.ISO_8859_1);
		return bytes.length - offset >= expected.length
				&& Arrays.equals(bytes, offset, offset + expected.length, expected, 0, expected.length);
	}

	private static int unsigned(byte b) {
		return b & 0xFF;
	}

	private static long uint32(byte[] bytes, int offset) {
		return ((long) unsigned(bytes[offset]) << 24) | (unsigned(bytes[offset + 1]) << 16)
				| (unsigned(bytes[offset + 2]) << 8) | unsigned(bytes[offset + 3]);
	}

	private static long uint32LittleEndian(byte[] bytes, int offset) {
		return unsigned(bytes[offset]) | (unsigned(bytes[offset + 1]) << 8) | (unsigned(bytes[offset + 2]) << 16)
				| ((long) unsigned(bytes[offset + 3]) << 24);
	}

	private static byte[] littleEndian32(int value) {
		return new byte[] { (byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24) };
	}

}
