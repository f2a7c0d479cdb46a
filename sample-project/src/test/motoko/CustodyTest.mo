// Tests for factory/Custody.mo: owner validation, the controllers of a new Zone, and which
// management-canister rejects mean "the Factory is no longer a controller".
import Custody "../../main/motoko/factory/Custody";
import Principal "mo:core/Principal";
import Option "mo:core/Option";
import Text "mo:core/Text";

let factory = Principal.fromText("rrkah-fqaaa-aaaaa-aaaaq-cai");
let a = Principal.fromText("aaaaa-aa");
let b = Principal.fromText("2vxsx-fae"); // the anonymous principal
let c = Principal.fromText("ryjl3-tyaaa-aaaaa-aaaba-cai");
let d = Principal.fromText("r7inp-6aaaa-aaaaa-aaabq-cai");

func err(owners : [Principal]) : Text { Option.get(Custody.validateOwners(owners, factory), "") };

assert Custody.validateOwners([c], factory) == null;
assert Custody.validateOwners([c, d, a], factory) == null;
assert Text.contains(err([]), #text "at least one owner");
assert Text.contains(err([b]), #text "anonymous");
assert Text.contains(err([c, d, c]), #text "listed twice");
assert Text.contains(err([factory]), #text "the Factory is a controller anyway");
assert Text.contains(err([c, c, c, c, c, c, c, c, c, c]), #text "at most 9 owners");

assert Custody.controllers([c, d], factory) == [c, d, factory];
assert Custody.isOwner([c, d], d);
assert not Custody.isOwner([c, d], factory);

assert Custody.isNotController(#canister_error, "Only controllers of canister x can call ic00 method canister_status. Sender y is not a controller.");
assert not Custody.isNotController(#canister_reject, "Only controllers of canister x can call ic00 method canister_status");
assert not Custody.isNotController(#canister_error, "Canister x is out of cycles");
