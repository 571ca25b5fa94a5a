"""Every use of pyHanko's behaviour below its documented surface, in one module, version-checked.

The signing code uses pyHanko's public API (PdfSigner, PdfContent.writer, TimeStamper,
attribute providers) with two exceptions. The visible stamp needs the signing time, and
pyHanko hands it over only to a TextStampStyle, as text_params['ts'] formatted with the
style's timestamp_format (sign/signers/cms_embedder.py). TimedStampStyle relies on that and is
the only place that does. And PackagingSigner replaces the signer's private
_package_signature (the CMS container's last step) with the same code tagged once. tests/core/signing/test_pyhanko_compat.py asserts that every attribute named
in TOUCHED still exists and that a signature still passes the time in.

Outside the tested versions (TESTED) signing goes on while pyHanko still hands the time over,
and refuses with a message naming the versions when it no longer does (a stamp without its
time would misstate the signature).
"""
from __future__ import annotations

import re

from asn1crypto import cms
from pyhanko.pdf_utils import content
from pyhanko.sign import signers
from pyhanko.stamp import TextStampStyle
from pyhanko.version import __version__ as _pyhanko_version

from workbench.core.signing.keyfiles import SigningError

__all__ = ["VERSION", "TESTED", "IN_RANGE", "TOUCHED", "UnsupportedPyhanko",
           "TimedStampStyle", "writer_of", "PackagingSigner"]

# Versions the touches below were tested on: [low, high).
TESTED = ((0, 38), (0, 39))


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", text)[:3])


VERSION = _version(_pyhanko_version)
IN_RANGE = TESTED[0] <= VERSION < TESTED[1]

# (class, attributes) relied upon; the compat test checks each exists.
TOUCHED = {
    "TextStampStyle": ("create_stamp", "timestamp_format"),
    "PdfContent": ("writer", "resources", "render"),
    "SimpleSigner": ("_package_signature", "signer_info", "cert_registry", "attribute_certs",
                     "signature_mechanism"),
    "SimpleSigner instance": ("signing_cert", "signing_key", "embed_roots"),
}


class UnsupportedPyhanko(SigningError):
    """The installed pyHanko no longer behaves as the signing code needs (Chinese message)."""


def _unsupported(what: str) -> UnsupportedPyhanko:
    low, high = ('.'.join(map(str, v)) for v in TESTED)
    return UnsupportedPyhanko(
        f"已安装的 pyHanko {_pyhanko_version} 不支持{what}（已测试版本：{low} 至 {high} 以下），"
        "未签署。请安装受支持的 pyHanko 版本。")


def writer_of(stamp_content: content.PdfContent):
    """The writer pyHanko set on a piece of appearance content before rendering it."""
    w = stamp_content.writer
    if w is None:
        raise _unsupported("签章外观的写入对象")
    return w


class TimedStampStyle(TextStampStyle):
    """A stamp style that receives the signing time, as pyHanko formats it with
    `timestamp_format`, and draws the stamp through `stamp(writer, box, ts)`.

    Subclasses are frozen dataclasses, like pyHanko's own styles.
    """

    def create_stamp(self, writer, box, text_params):
        ts = text_params.get("ts")
        if ts is None:
            raise _unsupported("在签章中显示签署时间")
        return self.stamp(writer, box, ts)

    def stamp(self, writer, box, ts: str):
        raise NotImplementedError


class PackagingSigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner whose CMS container is packaged without a deep copy.

    pyHanko's Signer._package_signature builds the SignedData and then puts it into the
    ContentInfo's [0] EXPLICIT field; asn1crypto tags a value by copying it, and this one
    holds the certificates and the time-stamp token: the copy was a tenth of a signature.
    Here the same SignedData is built already tagged [0], so nothing is copied; the DER is
    the same (test). Outside the tested versions it is pyHanko's own method.
    """

    @classmethod
    def of(cls, signer: signers.SimpleSigner) -> PackagingSigner:
        return cls(signing_cert=signer.signing_cert, signing_key=signer.signing_key,
                   cert_registry=signer.cert_registry,
                   signature_mechanism=signer.signature_mechanism)

    def _package_signature(self, *, digest_algorithm, cms_version, signed_attrs, signature,
                           unsigned_attrs, encap_content_info):
        if not (IN_RANGE and FAST_PACKAGING):
            return super()._package_signature(
                digest_algorithm=digest_algorithm, cms_version=cms_version,
                signed_attrs=signed_attrs, signature=signature,
                unsigned_attrs=unsigned_attrs, encap_content_info=encap_content_info)
        # pyHanko 0.38's _package_signature, line for line, but for the tagging at the end.
        encap_content_info = encap_content_info or {"content_type": "data"}
        sig_info = self.signer_info(digest_algorithm, signed_attrs, signature)
        digest_algorithm_obj = sig_info["digest_algorithm"]
        if unsigned_attrs is not None:
            sig_info["unsigned_attrs"] = unsigned_attrs
        cert_registry = self.cert_registry or ()
        if self.embed_roots:
            certs = {cms.CertificateChoices(name="certificate", value=cert)
                     for cert in cert_registry}
        else:
            certs = {cms.CertificateChoices(name="certificate", value=cert)
                     for cert in cert_registry if cert.self_signed == "no"}
        certs.add(cms.CertificateChoices(name="certificate", value=self.signing_cert))
        for ac in self.attribute_certs:
            certs.add(cms.CertificateChoices(name="v2_attr_cert", value=ac))
        signed_data = {
            "version": cms_version,
            "digest_algorithms": cms.DigestAlgorithms((digest_algorithm_obj,)),
            "encap_content_info": encap_content_info,
            "certificates": certs,
            "signer_infos": [sig_info],
        }
        return cms.ContentInfo({
            "content_type": cms.ContentType("signed_data"),
            "content": cms.SignedData(signed_data, explicit=0),
        })


FAST_PACKAGING = True
