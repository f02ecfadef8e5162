"""The process-wide cache of compiled templates: reused by every app, never stale."""

from jinja2 import DictLoader, Environment

from planner.web import COMPILED_TEMPLATES, ProcessBytecodeCache


def test_a_changed_template_is_compiled_afresh_not_served_from_the_cache():
    cache = ProcessBytecodeCache()
    first = Environment(loader=DictLoader({"page": "version one"}), bytecode_cache=cache)
    assert first.get_template("page").render() == "version one"
    assert len(cache.compiled) == 1
    edited = Environment(loader=DictLoader({"page": "version two"}), bytecode_cache=cache)
    assert edited.get_template("page").render() == "version two"


def test_a_second_app_reuses_the_first_apps_compiled_templates(app, client, settings):
    from planner.web import create_app

    assert client.get("/en/sign-in").status_code == 200
    compiled = dict(COMPILED_TEMPLATES.compiled)
    assert compiled  # the sign-in page and its layout
    other = create_app(settings)
    assert other.jinja_env.bytecode_cache is COMPILED_TEMPLATES
    loaded: list[str] = []
    real = COMPILED_TEMPLATES.load_bytecode

    def spy(bucket):
        real(bucket)
        loaded.append(bucket.key)

    COMPILED_TEMPLATES.load_bytecode = spy
    try:
        assert other.test_client().get("/en/sign-in").status_code == 200
    finally:
        del COMPILED_TEMPLATES.load_bytecode
    assert loaded and set(loaded) <= set(compiled)
    other.extensions["planner"].dispose()
