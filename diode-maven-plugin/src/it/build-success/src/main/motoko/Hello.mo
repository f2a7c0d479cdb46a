import Greeting "mo:greeting/Greeting";

persistent actor Hello {
  public query func hello(name : Text) : async Text {
    let unused = 1;
    Greeting.greet(name)
  };
};
