// Known-answer tests for common/Sha256.mo: the FIPS 180-4 / NIST example vectors plus lengths
// around the padding boundaries (55, 56, 63, 64 bytes), checked against sha256sum.
import Sha256 "../../main/motoko/common/Sha256";
import Hex "../../main/motoko/common/Hex";
import Text "mo:core/Text";
import Blob "mo:core/Blob";
import Array "mo:core/Array";
import Debug "mo:core/Debug";

func check(input : Blob, expected : Text) {
  let actual = Hex.encode(Sha256.digest(input));
  if (actual != expected) {
    Debug.print("sha256 mismatch for " # debug_show (input.size()) # " bytes: " # actual # " != " # expected);
    assert false;
  };
};

func repeated(byte : Nat8, count : Nat) : Blob = Blob.fromArray(Array.repeat<Nat8>(byte, count));

check("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
check(Text.encodeUtf8("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
check(Text.encodeUtf8("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
check(Text.encodeUtf8("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
check(repeated(0x61, 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
check(repeated(0x61, 56), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
check(repeated(0x61, 63), "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34");
check(repeated(0x61, 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
check(repeated(0x61, 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
// One workspace reused across inputs of different lengths gives the same digests as fresh ones.
do {
  let workspace = Sha256.workspace();
  for (size in [1000, 0, 55, 64, 3, 119, 120].vals()) {
    assert Sha256.digestWith(workspace, repeated(0x61, size)) == Sha256.digest(repeated(0x61, size));
  };
  assert Hex.encode(Sha256.digestWith(workspace, Text.encodeUtf8("abc"))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
};
Debug.print("sha256: all vectors match");
