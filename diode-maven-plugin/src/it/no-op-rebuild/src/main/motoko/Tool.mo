persistent actor Tool { public query func t() : async Text { "tool" } };
