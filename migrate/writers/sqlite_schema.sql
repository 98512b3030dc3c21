-- wxr-migrate SQLite schema, version 1 (written by `wxr-migrate convert export.xml -o site.db`).
--
-- One database holds one site or many: every table carries site_id, and converting
-- the same export (same SHA-256, or same base_site_url) again replaces that site.
-- Texts are exactly as the export wrote them; ids are WordPress's own (a missing id
-- becomes a negative one: -1, -2, ...); dates are 'YYYY-MM-DD HH:MM:SS' text, NULL
-- for WordPress's zero date. Full-text search: posts_fts and comments_fts (below).

PRAGMA application_id = 2004382311;  -- 'wxrg': marks the file as a wxr-migrate database
PRAGMA user_version = 2;             -- this schema's version

-- The channel header of each export converted into this database.
CREATE TABLE sites (
    site_id        INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    link           TEXT NOT NULL,
    description    TEXT NOT NULL,
    language       TEXT NOT NULL,
    wxr_version    TEXT NOT NULL,
    base_site_url  TEXT NOT NULL,
    base_blog_url  TEXT NOT NULL,
    generator      TEXT NOT NULL,
    source_file    TEXT NOT NULL,   -- the input's file name (no folder)
    source_sha256  TEXT,            -- SHA-256 of the input's bytes (NULL: not a file)
    imported_at    TEXT             -- only with --stamp, so the database is reproducible
);

-- wp:author; posts.creator holds a login (not a foreign key: exports name
-- undeclared logins).
CREATE TABLE authors (
    site_id       INTEGER NOT NULL REFERENCES sites ON DELETE CASCADE,
    author_id     INTEGER,
    login         TEXT NOT NULL,
    email         TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    first_name    TEXT NOT NULL,
    last_name     TEXT NOT NULL,
    PRIMARY KEY (site_id, login)
);

-- wp:category, wp:tag, wp:term. Keyed by (taxonomy, slug), as in WordPress: WXR 1.0
-- has no term ids. parent_slug is '' for a top-level term.
CREATE TABLE terms (
    site_id      INTEGER NOT NULL REFERENCES sites ON DELETE CASCADE,
    term_id      INTEGER,
    taxonomy     TEXT NOT NULL,
    slug         TEXT NOT NULL,
    name         TEXT NOT NULL,
    parent_slug  TEXT NOT NULL,
    description  TEXT NOT NULL,
    PRIMARY KEY (site_id, taxonomy, slug)
);

-- position: 1 for a term's first meta entry, in export order (keys may repeat).
-- meta_json: the value decoded from PHP serialize() format as JSON, else NULL.
CREATE TABLE termmeta (
    site_id     INTEGER NOT NULL,
    taxonomy    TEXT NOT NULL,
    slug        TEXT NOT NULL,
    position    INTEGER NOT NULL,
    meta_key    TEXT NOT NULL,
    meta_value  TEXT NOT NULL,
    meta_json   TEXT,
    PRIMARY KEY (site_id, taxonomy, slug, position),
    FOREIGN KEY (site_id, taxonomy, slug) REFERENCES terms ON DELETE CASCADE
);

-- Every <item>: posts, pages, attachments, menu items, custom types. post_parent is
-- WordPress's id (0 for none; not a foreign key: parents can be missing from an
-- export). content_text: post_content as plain text (tags, block comments and
-- shortcode brackets removed, entities decoded, whitespace collapsed).
CREATE TABLE posts (
    site_id            INTEGER NOT NULL REFERENCES sites ON DELETE CASCADE,
    post_id            INTEGER NOT NULL,
    post_type          TEXT NOT NULL,
    status             TEXT NOT NULL,
    post_title         TEXT NOT NULL,
    post_name          TEXT NOT NULL,
    link               TEXT NOT NULL,
    guid               TEXT NOT NULL,
    creator            TEXT NOT NULL,
    post_date          TEXT,
    post_date_gmt      TEXT,
    post_modified      TEXT,
    post_modified_gmt  TEXT,
    comment_status     TEXT NOT NULL,
    ping_status        TEXT NOT NULL,
    post_parent        INTEGER NOT NULL,
    menu_order         INTEGER NOT NULL,
    post_password      TEXT NOT NULL,
    is_sticky          INTEGER NOT NULL,  -- 0 or 1
    attachment_url     TEXT,
    post_content       TEXT NOT NULL,
    post_excerpt       TEXT NOT NULL,
    content_text       TEXT NOT NULL,
    PRIMARY KEY (site_id, post_id)
);
CREATE INDEX posts_type_status ON posts (post_type, status);
CREATE INDEX posts_name ON posts (post_name);
CREATE INDEX posts_date ON posts (post_date);

-- The terms an item is filed under. Keyed by (taxonomy, slug), not a foreign key to
-- terms: items may use terms their export never declared (name keeps their label).
-- WXR 1.0's taxonomy 'tag' is stored as 'post_tag'.
CREATE TABLE post_terms (
    site_id   INTEGER NOT NULL,
    post_id   INTEGER NOT NULL,
    taxonomy  TEXT NOT NULL,
    slug      TEXT NOT NULL,
    name      TEXT NOT NULL,
    PRIMARY KEY (site_id, post_id, taxonomy, slug),
    FOREIGN KEY (site_id, post_id) REFERENCES posts ON DELETE CASCADE
);
CREATE INDEX post_terms_term ON post_terms (taxonomy, slug);

CREATE TABLE postmeta (
    site_id     INTEGER NOT NULL,
    post_id     INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    meta_key    TEXT NOT NULL,
    meta_value  TEXT NOT NULL,
    meta_json   TEXT,
    PRIMARY KEY (site_id, post_id, position),
    FOREIGN KEY (site_id, post_id) REFERENCES posts ON DELETE CASCADE
);
CREATE INDEX postmeta_key ON postmeta (meta_key);

-- The media each item references, in document order without repeats (the references
-- the Markdown writer lists in media-report.json): <img> src and srcset entries, links
-- to media files, [gallery]/[playlist] ids, [audio]/[video] and <audio>/<video> sources,
-- CSS backgrounds, the featured image (_thumbnail_id). position: 1 for the first.
-- url: as written, entities decoded; NULL for a reference by attachment id alone (kind
-- gallery, playlist, featured). original: the file it maps back to, absolute (a resized
-- -300x200 variant, a -scaled/-rotated copy or a Jetpack CDN i0.wp.com URL to the
-- original); NULL with url. attachment_id: the attachment the item names (wp-image-N
-- class, gallery/playlist ids, _thumbnail_id), not a foreign key: exports omit some.
-- kind: img, srcset, source, audio, video, poster, track, embed, object, link,
-- background, gallery, playlist or featured.
CREATE TABLE media_refs (
    site_id        INTEGER NOT NULL,
    post_id        INTEGER NOT NULL,
    position       INTEGER NOT NULL,
    url            TEXT,
    original       TEXT,
    attachment_id  INTEGER,
    kind           TEXT NOT NULL,
    PRIMARY KEY (site_id, post_id, position),
    FOREIGN KEY (site_id, post_id) REFERENCES posts ON DELETE CASCADE
);
CREATE INDEX media_refs_original ON media_refs (original);
CREATE INDEX media_refs_attachment ON media_refs (site_id, attachment_id);

-- Comments, pingbacks and trackbacks. comment_type is 'comment' (WordPress writes ''),
-- 'pingback', 'trackback' or a plug-in's own type. comment_approved: '1', '0', 'spam',
-- 'trash'. comment_parent: the comment replied to (0 for none; not a foreign key).
-- comment_user_id: the registered user who wrote it (0 for none).
CREATE TABLE comments (
    site_id               INTEGER NOT NULL,
    comment_id            INTEGER NOT NULL,
    post_id               INTEGER NOT NULL,
    comment_type          TEXT NOT NULL,
    comment_author        TEXT NOT NULL,
    comment_author_email  TEXT NOT NULL,
    comment_author_url    TEXT NOT NULL,
    comment_author_IP     TEXT NOT NULL,
    comment_date          TEXT,
    comment_date_gmt      TEXT,
    comment_content       TEXT NOT NULL,
    comment_approved      TEXT NOT NULL,
    comment_parent        INTEGER NOT NULL,
    comment_user_id       INTEGER NOT NULL,
    PRIMARY KEY (site_id, comment_id),
    FOREIGN KEY (site_id, post_id) REFERENCES posts ON DELETE CASCADE
);
CREATE INDEX comments_post ON comments (post_id, site_id);

CREATE TABLE commentmeta (
    site_id     INTEGER NOT NULL,
    comment_id  INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    meta_key    TEXT NOT NULL,
    meta_value  TEXT NOT NULL,
    meta_json   TEXT,
    PRIMARY KEY (site_id, comment_id, position),
    FOREIGN KEY (site_id, comment_id) REFERENCES comments ON DELETE CASCADE
);

-- Pingbacks and trackbacks (the links other sites made to a post).
CREATE VIEW pingbacks AS
    SELECT * FROM comments WHERE comment_type IN ('pingback', 'trackback');

-- What readers saw under a post: approved comments, without pingbacks and trackbacks.
CREATE VIEW approved_comments AS
    SELECT * FROM comments
    WHERE comment_approved = '1' AND comment_type NOT IN ('pingback', 'trackback');

-- media_refs with each attachment id resolved to its attachment item (when the export
-- holds it): attachment_url is that item's file (wp:attachment_url, else its guid), and
-- file is what the reference stands for: its original, else the attachment's file.
CREATE VIEW media_files AS
    SELECT r.site_id, r.post_id, r.position, r.url, r.original, r.attachment_id, r.kind,
           a.file AS attachment_url, coalesce(r.original, a.file) AS file
    FROM media_refs AS r
    LEFT JOIN (
        SELECT site_id, post_id,
               coalesce(nullif(trim(attachment_url, ' ' || char(9, 10, 13)), ''),
                        nullif(trim(guid, ' ' || char(9, 10, 13)), '')) AS file
        FROM posts WHERE post_type = 'attachment'
    ) AS a ON a.site_id = r.site_id AND a.post_id = r.attachment_id;

-- Full-text search, one row per posts row:
--   SELECT site_id, post_id, title FROM posts_fts WHERE posts_fts MATCH 'oxytocin';
-- title and body are the plain text of post_title and post_content (body is
-- posts.content_text). Tokens are case- and accent-insensitive, not stemmed.
CREATE VIRTUAL TABLE posts_fts USING fts5 (
    title, body, site_id UNINDEXED, post_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- One row per comments row (pingbacks and trackbacks included): the author's name
-- and the plain text of the comment.
CREATE VIRTUAL TABLE comments_fts USING fts5 (
    author, body, site_id UNINDEXED, comment_id UNINDEXED, post_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Merge index segments 16 at a time instead of 4: the load rewrites the index less often
-- (a 1 GB export loads about a tenth faster; searches there still take milliseconds).
INSERT INTO posts_fts (posts_fts, rank) VALUES ('automerge', 16);
INSERT INTO comments_fts (comments_fts, rank) VALUES ('automerge', 16);

-- The full-text tables have no foreign keys: deleting a site deletes its rows there too
-- (the other tables follow by ON DELETE CASCADE, with PRAGMA foreign_keys = ON).
CREATE TRIGGER sites_delete_fts AFTER DELETE ON sites BEGIN
    DELETE FROM posts_fts WHERE site_id = old.site_id;
    DELETE FROM comments_fts WHERE site_id = old.site_id;
END;
