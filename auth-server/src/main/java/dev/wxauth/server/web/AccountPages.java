package dev.wxauth.server.web;

/**
 * Where the person's own account page lives ({@link AccountPageController}), for the pages' filter chain: the page
 * and its forms need a signed-in person, except the page a deleted person lands on.
 */
public final class AccountPages {

	/** The account page; its forms post under it. */
	public static final String PATH = "/account";

	/** Where a deleted person lands: public, since they have no session any more. */
	public static final String DELETED = PATH + "/deleted";

	private AccountPages() {
	}

}
