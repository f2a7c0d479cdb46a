// The Factory pattern: an actor that creates child canisters (actor class instances) through the
// management canister, paying for them with its own cycles. 2 T each: the 500 B creation fee, and the IC reserves
// the cost of the whole install limit (300 B instructions, twice the fee for a Wasm64 module) before installing.
import Child "Child";
import List "mo:core/List";
import Principal "mo:core/Principal";

persistent actor Factory {
  let children = List.empty<Principal>();

  public func create(name : Text) : async Principal {
    let child = await (with cycles = 2_000_000_000_000) Child.Child(Principal.fromActor(Factory), name);
    let id = Principal.fromActor(child);
    List.add(children, id);
    id
  };

  public query func list() : async [Principal] {
    List.toArray(children)
  };
};
