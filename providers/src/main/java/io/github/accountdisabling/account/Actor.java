package io.github.accountdisabling.account;

/**
 * Who made a change, as the history and the {@code accountDisabledBy*} attributes record it.
 *
 * @param id   the calling user's id, or the client id of a service account (what {@code accountDisabledBy} holds)
 * @param name what an operator reads: the username, or the client id of a service account
 */
public record Actor(String id, String name) {

    public static final Actor NOBODY = new Actor(null, null);

    public static Actor named(String idAndName) {
        return new Actor(idAndName, idAndName);
    }
}
