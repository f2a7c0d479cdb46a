persistent actor App { public query func v() : async Nat { 1 } };
