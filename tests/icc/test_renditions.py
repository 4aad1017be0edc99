import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.template import Context, Template
from PIL import Image as PILImage

from icc.models import Image
from icc.renditions import rendition_name
from tests.factories import ImageFactory, png_upload

pytestmark = pytest.mark.django_db


def test_a_new_image_gets_webp_renditions_narrower_than_itself():
    image = ImageFactory(file=png_upload(width=1200, height=600))

    for width in (480, 960):
        with (
            default_storage.open(rendition_name(image, width)) as file,
            PILImage.open(file) as copy,
        ):
            assert copy.format == "WEBP"
            assert copy.size == (width, width // 2)
    assert not default_storage.exists(rendition_name(image, 1600))


def test_editing_the_alternative_text_keeps_the_renditions_and_deleting_removes_them():
    image = ImageFactory(file=png_upload(width=1000, height=500))
    name = rendition_name(image, 480)
    default_storage.delete(name)

    image = Image.objects.get(pk=image.pk)
    image.alt_text_en = "New text"
    image.save()
    assert not default_storage.exists(name)  # not regenerated: the file did not change

    image.file = png_upload(name="other.png", width=1000, height=500)
    image.save()
    assert default_storage.exists(name)

    image.delete()
    assert not default_storage.exists(name)


def test_responsive_image_tag_offers_a_srcset_with_dimensions_and_lazy_loading():
    image = ImageFactory(file=png_upload(width=1000, height=500), alt_text_en='Mayor "and" people')
    html = Template('{% load icc_tags %}{% responsive_image image sizes="50vw" %}').render(
        Context({"image": image})
    )
    assert 'width="1000" height="500"' in html
    assert f"{rendition_name(image, 480)} 480w" in html
    assert f"{rendition_name(image, 960)} 960w" in html
    assert f"{image.file.url} 1000w" in html
    assert 'sizes="50vw"' in html and 'loading="lazy"' in html
    assert 'alt="Mayor &quot;and&quot; people"' in html


def test_small_images_have_no_srcset():
    image = ImageFactory(file=png_upload(width=300, height=200))
    html = Template("{% load icc_tags %}{% responsive_image image eager=True %}").render(
        Context({"image": image})
    )
    assert "srcset" not in html and "loading" not in html
    assert 'width="300" height="200"' in html


def test_make_renditions_rewrites_missing_ones_and_reports_counts():
    image = ImageFactory(file=png_upload(width=1000, height=500))
    default_storage.delete(rendition_name(image, 960))
    output = io.StringIO()

    call_command("make_renditions", stdout=output)

    assert default_storage.exists(rendition_name(image, 960))
    assert "Images: 1; renditions written: 2; files missing: 0." in output.getvalue()
