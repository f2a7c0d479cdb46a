// Records, variants (with and without payloads), options, vectors and a blob in a canister's interface.
persistent actor Rooms {
  public type Visibility = { #open; #invite : [Principal]; #closed : { reason : Text; since : Int } };
  public type Room = {
    name : Text;
    capacity : Nat16;
    topic : ?Text;
    tags : [Text];
    visibility : Visibility;
    logo : Blob;
  };
  public type PutError = { #full; #invalid : Text };
  public type PutResult = { #ok : Nat; #err : PutError };

  var last : ?Room = null;
  var count : Nat = 0;

  public func put(room : Room) : async PutResult {
    if (room.capacity == 0) { return #err(#invalid "capacity must be positive") };
    if (count >= 10) { return #err(#full) };
    last := ?room;
    count += 1;
    #ok(count);
  };

  public query func latest() : async ?Room { last };

  public query func all() : async [Room] {
    switch (last) { case null []; case (?room) [room] };
  };
};
