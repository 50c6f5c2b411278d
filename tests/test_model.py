from tacitus.model import Article, content_hash


def test_content_hash_ignores_whitespace_and_line_breaks():
    a = "Russia criticized NATO.\n\nThe talks failed."
    b = "Russia  criticized NATO. The talks\nfailed.  "
    assert content_hash(a) == content_hash(b)


def test_content_hash_differs_for_different_text():
    assert content_hash("Russia criticized NATO.") != content_hash("Russia praised NATO.")


def test_article_hash_is_its_text_hash():
    article = Article(id="x", text="Syria met Iraq.")
    assert article.content_hash == content_hash("Syria met Iraq.")
